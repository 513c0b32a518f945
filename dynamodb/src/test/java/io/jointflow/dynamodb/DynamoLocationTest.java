package io.jointflow.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StoreException;
import org.junit.jupiter.api.Test;

class DynamoLocationTest {

  @Test
  void parsesTableRegionEndpointAndNamespace() {
    assertThat(DynamoLocation.parse("dynamodb://jobs?region=eu-west-1&endpoint=http://127.0.0.1:8000&namespace=app%2F1"))
        .isEqualTo(new DynamoLocation("jobs", "eu-west-1", "http://127.0.0.1:8000", "app/1"));
    assertThat(DynamoLocation.parse("//jobs")).isEqualTo(new DynamoLocation("jobs", null, null, null));
    assertThat(DynamoLocation.parse("jobs?region=us-east-1")).as("dynamodb:TABLE in a clouds file")
        .isEqualTo(new DynamoLocation("jobs", "us-east-1", null, null));
    assertThat(DynamoLocation.parse("//jobs?region=us-east-1").describe("us-east-1")).isEqualTo("dynamodb://jobs (us-east-1, AWS endpoint)");
  }

  @Test
  void refusesWhatItCannotUse() {
    assertThatThrownBy(() -> DynamoLocation.parse("")).isInstanceOf(StoreException.class)
        .hasMessageStartingWith("state store 'dynamodb' needs a table: ''");
    assertThatThrownBy(() -> DynamoLocation.parse("redis://x")).hasMessageStartingWith("state store 'dynamodb' location is not dynamodb://TABLE");
    assertThatThrownBy(() -> DynamoLocation.parse("//a")).hasMessageContaining("names no valid table");
    assertThatThrownBy(() -> DynamoLocation.parse("//jobs?table=x")).hasMessageContaining("has an unknown parameter: 'table'");
    assertThatThrownBy(() -> DynamoLocation.parse("//jobs?endpoint=ftp://h")).hasMessageContaining("is not http(s)://HOST[:PORT]");
    assertThatThrownBy(() -> DynamoLocation.parse("//jobs?endpoint=http://key:secret@h")).hasMessageContaining("has credentials in its endpoint");
  }

  @Test
  void longKeysAreCutAtACodePointAndHashedButShortOnesAreKept() {
    assertThat(Layout.sortKey('v', "a/b")).isEqualTo("va/b");
    String emoji = "\uD83D\uDE00".repeat(512);
    String sk = Layout.sortKey('v', "p/" + emoji);
    assertThat(sk.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(sk).startsWith("vp/\uD83D\uDE00").doesNotContain("\uD83D#");
    assertThat(Layout.sortKey('v', "p/" + emoji + "x")).isNotEqualTo(sk);
    assertThat(Layout.isCut("p/" + emoji)).isTrue();
  }
}
