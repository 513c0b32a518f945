package io.jointflow.postgres;

import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Opens a {@link PostgresStateStore} for {@code --state postgres://HOST:PORT/DATABASE?user=USER}
 * (also {@code &schema=SCHEMA}). The password is never in the location: it comes from the
 * environment variable {@value #PASSWORD_VARIABLE}, else {@code PGPASSWORD}, if either is set; it
 * is never logged nor put in a message.
 */
public final class PostgresStateStoreProvider implements StateStoreProvider {
  /** The environment variable with the user's password (before {@code PGPASSWORD}). */
  public static final String PASSWORD_VARIABLE = "JOINTFLOW_POSTGRES_PASSWORD";
  private final UnaryOperator<String> environment;

  /** Called by {@link java.util.ServiceLoader}. */
  public PostgresStateStoreProvider() {
    this(System::getenv);
  }

  /** For tests: reads environment variables from {@code environment}. */
  PostgresStateStoreProvider(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return "postgres";
  }

  /**
   * Connects with default options; {@code location} is what follows {@code postgres:}, e.g. {@code
   * //127.0.0.1:5432/app?user=jointflow}.
   *
   * @throws io.jointflow.spi.StoreException if the location is malformed, the server cannot be
   *     reached (retryable) or refuses the credentials
   */
  @Override
  public StateStore open(String location, Environment environment) {
    String password = this.environment.apply(PASSWORD_VARIABLE);
    if (password == null || password.isEmpty()) {
      password = this.environment.apply("PGPASSWORD");
    }
    PostgresOptions options = PostgresOptions.builder().password(password == null || password.isEmpty() ? null : password).build();
    return PostgresStateStore.open(location, options);
  }
}
