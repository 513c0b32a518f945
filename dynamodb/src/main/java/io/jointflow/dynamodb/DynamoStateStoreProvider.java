package io.jointflow.dynamodb;

import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;

/**
 * Opens a {@link DynamoStateStore} for {@code --state
 * dynamodb://TABLE[?region=R][&endpoint=URL][&namespace=NS]}. Credentials come from the AWS SDK's
 * default chain: {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} (and {@code
 * AWS_SESSION_TOKEN}), then {@code AWS_PROFILE} and the role of the host; never from the location.
 */
public final class DynamoStateStoreProvider implements StateStoreProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public DynamoStateStoreProvider() {}

  @Override
  public String name() {
    return "dynamodb";
  }

  /**
   * Opens the store with default options; {@code location} is what follows {@code dynamodb:}, e.g.
   * {@code //jointflow?region=us-east-1}.
   *
   * @throws io.jointflow.spi.StoreException as {@link DynamoStateStore#open(String)}
   */
  @Override
  public StateStore open(String location, Environment environment) {
    return DynamoStateStore.open(location);
  }
}
