package io.jointflow.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.BlobStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.testkit.S3rver;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Opening through {@code ServiceLoader}, and the errors of bad credentials and a dead server. */
class S3FailuresIT {
  private static final Map<String, String> ENV = Map.of("T_ID", S3rver.ACCESS_KEY, "T_SECRET", S3rver.SECRET_KEY,
      "BAD_ID", "NOBODY", "BAD_SECRET", "wrong");

  private static BlobStore open(S3rver server, String variables) {
    String location = "//bucket-one/p?region=us-east-1&endpoint=" + server.endpoint() + "&credentials-env=" + variables;
    BlobStoreProvider found = ServiceLoader.load(BlobStoreProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("s3")).findFirst().orElseThrow();
    assertThat(found).isInstanceOf(S3BlobStoreProvider.class);
    return new S3BlobStoreProvider(ENV::get).open(location, null);
  }

  @Test
  void theProviderReadsTheVariablesCredentialsEnvNames() {
    try (S3rver server = S3rver.start("bucket-one"); BlobStore store = open(server, "T_ID,T_SECRET")) {
      assertThat(store.putIfAbsent("a/b", ByteBuffer.wrap(new byte[] {4}))).isTrue();
      assertThat(store.get("a/b")).hasValue(ByteBuffer.wrap(new byte[] {4}));
      assertThatThrownBy(() -> open(server, "T_ID,UNSET")).isInstanceOf(StoreException.class)
          .hasMessageContaining("UNSET is not set");
    }
  }

  @Test
  void badCredentialsAreARetryableErrorNamingTheStoreAndEndpoint() {
    try (S3rver server = S3rver.start("bucket-one"); BlobStore store = open(server, "BAD_ID,BAD_SECRET")) {
      assertThatThrownBy(() -> store.get("a/b")).isInstanceOf(StoreException.class)
          .hasMessageContaining("blob store 's3' s3://bucket-one/p at " + server.endpoint())
          .hasMessageContaining("403")
          .hasMessageContaining("check the credentials")
          .satisfies(e -> assertThat(((StoreException) e).retryable()).isTrue());
    }
  }

  @Test
  void aKilledServerIsARetryableErrorNamingTheStoreAndEndpoint() {
    try (S3rver server = S3rver.start("bucket-one"); BlobStore store = open(server, "T_ID,T_SECRET")) {
      store.putIfAbsent("kept", ByteBuffer.wrap(new byte[] {1}));
      server.kill();
      assertThatThrownBy(() -> store.putIfAbsent("x", ByteBuffer.wrap(new byte[] {2})))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("blob store 's3' s3://bucket-one/p at " + server.endpoint())
          .hasMessageContaining("no answer")
          .satisfies(e -> assertThat(((StoreException) e).retryable()).isTrue());
    }
  }
}
