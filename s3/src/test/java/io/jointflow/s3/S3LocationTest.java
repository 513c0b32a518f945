package io.jointflow.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StoreException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3LocationTest {
  @Test
  void parsesBucketPrefixAndOptions() {
    S3Location at = S3Location.parse("//my-bucket/runs/a?region=eu-west-1&endpoint=http://127.0.0.1:4568"
        + "&credentials-env=MY_ID,MY_SECRET");
    assertThat(at).isEqualTo(new S3Location("my-bucket", "runs/a", "eu-west-1", URI.create("http://127.0.0.1:4568"),
        true, List.of("MY_ID", "MY_SECRET")));
    assertThat(at.objectKey("r/b/o")).isEqualTo("runs/a/r/b/o");
    assertThat(at.blobKey("runs/a/r/b/o")).isEqualTo("r/b/o");
  }

  @Test
  void withoutEndpointUsesVirtualHostsAndTheSdkChain() {
    S3Location at = S3Location.parse("s3://bucket");
    assertThat(at.prefix()).isEmpty();
    assertThat(at.region()).isNull();
    assertThat(at.pathStyle()).isFalse();
    assertThat(at.objectKey("k")).isEqualTo("k");
  }

  @Test
  void badLocationsSayWhatIsWrong() {
    assertThatThrownBy(() -> S3Location.parse("s3://B_ad")).isInstanceOf(StoreException.class)
        .hasMessageContaining("not a valid S3 bucket name");
    assertThatThrownBy(() -> S3Location.parse("s3://bucket?colour=red")).hasMessageContaining("unknown option 'colour'");
    assertThatThrownBy(() -> S3Location.parse("s3://bucket?credentials-env=ONE")).hasMessageContaining("two variable names");
    assertThatThrownBy(() -> S3Location.parse("bucket")).hasMessageContaining("does not start with s3://");
    assertThatThrownBy(() -> S3Location.parse("s3://bucket?endpoint=ftp://x")).hasMessageContaining("not an http(s) URL");
  }
}
