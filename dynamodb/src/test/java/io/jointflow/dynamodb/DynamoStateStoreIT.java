package io.jointflow.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.DynamoDbServer;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.StateStoreContract;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole state store contract against a DynamoDB-compatible server in its own process (the
 * testkit's DynamoDB stand-in; see the module README for why not DynamoDB Local). Tests share one
 * table, each under its own namespace; {@link #reopen} closes the store, kills the server (SIGKILL)
 * and starts it again on the same data, so the durability rules check that acknowledged writes
 * survive a server crash.
 */
class DynamoStateStoreIT extends StateStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static DynamoDbServer ddb;
  private String namespace;

  @BeforeAll
  static void startServer() {
    System.setProperty("aws.accessKeyId", DynamoDbServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "secret");
    ddb = DynamoDbServer.start();
  }

  @AfterAll
  static void stopServer() {
    ddb.close();
  }

  private DynamoStateStore open() {
    return DynamoStateStore.open(ddb.location("state"), DynamoOptions.builder().namespace(namespace).build());
  }

  @Override
  protected StateStore newStore() {
    namespace = "test" + TESTS.incrementAndGet();
    return open();
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    ddb.restart();
    return open();
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    StateStoreProvider provider = ServiceLoader.load(StateStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("dynamodb")).findFirst().orElseThrow();
    String location = "//other?region=eu-west-1&endpoint=" + ddb.endpoint() + "&namespace=" + namespace;
    try (StateStore s = provider.open(location, ManualEnvironment.direct(1))) {
      assertThat(s.name()).isEqualTo("dynamodb");
      assertThat(s).hasToString("dynamodb state store 'dynamodb://other (eu-west-1, " + ddb.endpoint() + ")'");
      assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
    }
    assertThat(store().get("k")).as("another table").isEmpty();
    assertThatThrownBy(() -> provider.open("", ManualEnvironment.direct(1)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("state store 'dynamodb' needs a table: ''");
  }

  @Test
  void storesWithDifferentNamespacesInOneTableSeeNothingOfEachOther() {
    store().putIfAbsent("k", new byte[] {1});
    store().addToSetAndGet("s", "m", new byte[0]);
    try (StateStore other = DynamoStateStore.open(ddb.location("state"), DynamoOptions.builder().namespace(namespace + "x").build())) {
      assertThat(other.get("k")).isEmpty();
      assertThat(other.scan("", null, 10)).isEmpty();
      assertThat(other.addToSetAndGet("s", "x", new byte[0]).position()).isZero();
      assertThat(other.deletePrefix("")).isEqualTo(1);
    }
    assertThat(store().get("k")).isPresent();
    assertThat(store().members("s", 0, 10)).hasSize(1);
  }

  @Test
  void aBatchThatWouldOverflowACounterWritesNothingAndSaysSo() {
    store().incrementAndGet("n", Long.MAX_VALUE - 1);
    assertThatThrownBy(() -> store().writeBatch(List.of(WriteOp.putIfAbsent("k", new byte[0]), WriteOp.increment("n", 2))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("counter 'n' would go beyond 64 bits; nothing was written")
        .satisfies(e -> assertThat(((StoreException) e).retryable()).isFalse());
    assertThat(store().get("k")).isEmpty();
    assertThat(store().incrementAndGet("n", 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(store().incrementAndGet("m", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> store().incrementAndGet("m", -1)).hasMessageContaining("counter 'm' would go beyond 64 bits");
    assertThat(store().incrementAndGet("m", 0)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aBatchTooLargeForOneTransactionIsRefusedBeforeAnythingIsWritten() {
    for (int i = 0; i < 60; i++) {
      store().addToSetAndGet("s", "m" + i, new byte[0]);
    }
    List<String> all = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "m" + i).toList();
    assertThatThrownBy(() -> store().writeBatch(List.of(WriteOp.putIfAbsent("k", new byte[0]), WriteOp.removeFromSet("s", all))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("it needs 121 DynamoDB items and one transaction takes 100; nothing was written");
    assertThat(store().get("k")).isEmpty();
    store().removeFromSet("s", all);
    assertThat(store().members("s", 0, 100)).isEmpty();
  }

  @Test
  void largeValuesLeaveNoPartsBehindWhenReplacedOrDeleted() {
    byte[] big = new byte[700_000];
    new java.util.Random(3).nextBytes(big);
    store().putIfAbsent("big/a", big);
    store().putIfAbsent("big/b", big);
    assertThat(parts("big/a")).isEqualTo(2);
    assertThat(store().compareAndSet("big/a", 1, new byte[] {1})).isTrue();
    assertThat(parts("big/a")).as("the old parts go with the old value").isZero();
    assertThat(store().compareAndSet("big/a", 2, big)).isTrue();
    assertThat(store().get("big/a").orElseThrow().value()).isEqualTo(big);
    store().delete("big/a");
    assertThat(parts("big/a")).isZero();
    assertThat(store().writeBatch(List.of(WriteOp.putIfAbsent("big/c", big), WriteOp.putIfAbsent("big/b", big))))
        .isEqualTo(io.jointflow.spi.BatchOutcome.failedAt(1));
    assertThat(parts("big/c")).as("a failed batch writes no parts").isZero();
    assertThat(store().deletePrefix("big/")).isEqualTo(1);
    assertThat(parts("big/b")).isZero();
  }

  /** How many part items value {@code key} has in the table. */
  private int parts(String key) {
    var credentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(DynamoDbServer.ACCESS_KEY, "secret"));
    try (var client = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(credentials)
        .endpointOverride(java.net.URI.create(ddb.endpoint()))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
      return client.query(r -> r.tableName("state").keyConditionExpression("pk = :pk").consistentRead(true)
          .expressionAttributeValues(java.util.Map.of(":pk", Layout.s(new Layout(namespace).chunkPk(key))))).count();
    }
  }
}
