package io.jointflow.redis;

import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Opens a {@link RedisStateStore} for {@code --state redis://[:PASSWORD@]HOST:PORT[/DB][?prefix=P]}.
 * Without a password in the location, the one in the environment variable {@value #PASSWORD_VARIABLE}
 * is used, if set; it is never logged nor put in a message.
 */
public final class RedisStateStoreProvider implements StateStoreProvider {
  /** The environment variable with the server's password. */
  public static final String PASSWORD_VARIABLE = "JOINTFLOW_REDIS_PASSWORD";
  private final UnaryOperator<String> environment;

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisStateStoreProvider() {
    this(System::getenv);
  }

  /** For tests: reads environment variables from {@code environment}. */
  RedisStateStoreProvider(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return "redis";
  }

  /**
   * Connects with default options; {@code location} is what follows {@code redis:}, e.g. {@code
   * //127.0.0.1:6379}.
   *
   * @throws io.jointflow.spi.StoreException if the location is malformed, the server cannot be
   *     reached (retryable) or refuses the credentials
   */
  @Override
  public StateStore open(String location, Environment environment) {
    String password = this.environment.apply(PASSWORD_VARIABLE);
    RedisOptions options = RedisOptions.builder().password(password == null || password.isEmpty() ? null : password).build();
    return RedisStateStore.open(location, options);
  }
}
