package io.jointflow.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.DynamoDbServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Failures against a real server process (the testkit's DynamoDB stand-in): nothing listening,
 * credentials refused, a missing table that may not be created, and the server killed (SIGKILL)
 * under the store and started again. Each is a {@link StoreException} that names the store and
 * endpoint and says whether it is retryable; nothing acknowledged is lost.
 */
class DynamoFailuresIT {
  private static final StaticCredentialsProvider GOOD =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(DynamoDbServer.ACCESS_KEY, "secret"));

  private static StoreException failure(Runnable call) {
    try {
      call.run();
    } catch (StoreException e) {
      return e;
    }
    throw new AssertionError("expected a StoreException");
  }

  private static String label(String table, String endpoint) {
    return "dynamodb state store 'dynamodb://" + table + " (us-east-1, " + endpoint + ")'";
  }

  @Test
  void anEndpointWhereNothingListensIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;

    StoreException e = failure(() -> DynamoStateStore.open("dynamodb://table1?region=us-east-1&endpoint=" + endpoint,
        DynamoOptions.defaults(), GOOD));

    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageStartingWith(label("table1", endpoint) + " is unreachable: cannot describe table 'table1': ")
        .hasMessageEndingWith("(retryable; is the DynamoDB endpoint up?)");
  }

  @Test
  void refusedCredentialsAreNotRetryableAndSayWhereToGiveThem() {
    try (DynamoDbServer ddb = DynamoDbServer.start()) {
      var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAWRONG", "secret"));

      StoreException e = failure(() -> DynamoStateStore.open(ddb.location("table2"), DynamoOptions.defaults(), wrong));

      assertThat(e.retryable()).isFalse();
      assertThat(e).hasMessageStartingWith(label("table2", ddb.endpoint()) + " refused the credentials: cannot describe table 'table2': "
          + "UnrecognizedClientException: The security token included in the request is invalid.")
          .hasMessageEndingWith("; give AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
              + "or AWS_PROFILE), never in the location (not retryable)")
          .hasMessageNotContaining("secret");
    }
  }

  @Test
  void aMissingTableThatMayNotBeCreatedNamesTheCommandThatCreatesIt() {
    try (DynamoDbServer ddb = DynamoDbServer.start()) {
      StoreException e = failure(() -> DynamoStateStore.open(ddb.location("table3"),
          DynamoOptions.builder().createTable(false).build(), GOOD));

      assertThat(e.retryable()).isFalse();
      assertThat(e).hasMessageStartingWith(label("table3", ddb.endpoint()) + " has no table 'table3'; create it with: "
          + "aws dynamodb create-table --table-name table3 ");
      try (DynamoStateStore created = DynamoStateStore.open(ddb.location("table3"), DynamoOptions.defaults(), GOOD)) {
        assertThat(created.putIfAbsent("k", new byte[] {1})).isTrue();
      }
    }
  }

  @Test
  void aKilledServerGivesRetryableFailuresAndLosesNothingWhenItIsBack() {
    try (DynamoDbServer ddb = DynamoDbServer.start();
        DynamoStateStore store = DynamoStateStore.open(ddb.location("table4"), DynamoOptions.defaults(), GOOD)) {
      String label = label("table4", ddb.endpoint());
      assertThat(store.writeBatch(List.of(WriteOp.putIfAbsent("before", new byte[] {1}), WriteOp.increment("n", 5))))
          .isEqualTo(BatchOutcome.COMMITTED);
      store.addToSetAndGet("s", "a", new byte[] {2});

      ddb.kill();

      StoreException read = failure(() -> store.get("before"));
      assertThat(read.retryable()).isTrue();
      assertThat(read).hasMessageStartingWith(label + " is unreachable: cannot get key 'before': ");
      StoreException write = failure(() -> store.putIfAbsent("during", new byte[] {3}));
      assertThat(write.retryable()).isTrue();
      assertThat(write).hasMessageStartingWith(label + " is unreachable: cannot write a batch of 1 operations on keys 'during'")
          .hasMessageContaining("; it may or may not have taken effect");

      ddb.restart();

      assertThat(store.get("before").orElseThrow().value()).containsExactly(1);
      assertThat(store.incrementAndGet("n", 0)).isEqualTo(5);
      assertThat(store.addToSetAndGet("s", "b", new byte[0]).position()).isEqualTo(1);
      assertThat(store.putIfAbsent("during", new byte[] {3})).isTrue();
    }
  }
}
