package io.jointflow.s3;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.BlobStoreProvider;
import io.jointflow.spi.Environment;
import io.jointflow.spi.StoreException;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Opens an {@link S3BlobStore} for {@code blobs: s3://BUCKET[/PREFIX][?OPTIONS]} (see {@link
 * S3Location}); credentials come from the SDK's default chain, or from the two environment variables
 * that the option {@code credentials-env} names.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  private final UnaryOperator<String> variables;

  /** Called by {@link java.util.ServiceLoader}; reads the process environment. */
  public S3BlobStoreProvider() {
    this(System::getenv);
  }

  /** Reads credential variables through {@code variables} (for tests). */
  S3BlobStoreProvider(UnaryOperator<String> variables) {
    this.variables = variables;
  }

  @Override
  public String name() {
    return "s3";
  }

  /**
   * Opens the store at {@code location}, as written after {@code s3:} in a spec.
   *
   * @throws StoreException if the location is malformed or a variable credentials-env names is unset
   */
  @Override
  public BlobStore open(String location, Environment environment) {
    S3Location at = S3Location.parse(location);
    return S3BlobStore.open(at, credentials(at));
  }

  private AwsCredentialsProvider credentials(S3Location at) {
    if (at.credentialsEnv().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String idVar = at.credentialsEnv().get(0);
    String secretVar = at.credentialsEnv().get(1);
    String id = variables.apply(idVar);
    String secret = variables.apply(secretVar);
    if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
      throw new StoreException("blob store 's3' " + at + " reads its credentials from the environment variables "
          + idVar + " and " + secretVar + " (credentials-env), but " + (id == null || id.isEmpty() ? idVar : secretVar)
          + " is not set; export both", null, true);
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
  }
}
