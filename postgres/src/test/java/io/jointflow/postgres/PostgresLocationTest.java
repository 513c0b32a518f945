package io.jointflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StoreException;
import org.junit.jupiter.api.Test;

/** Parsing {@code postgres://} locations: the forms, the defaults, and the rejections, which never show a password. */
class PostgresLocationTest {
  @Test
  void parsesEveryPart() {
    PostgresLocation l = PostgresLocation.parse("postgres://db.example:6543/app?user=flow&schema=tenant_1");
    assertThat(l).isEqualTo(new PostgresLocation("db.example", 6543, "app", "flow", "tenant_1"));
    assertThat(l.endpoint()).isEqualTo("postgres://db.example:6543/app");
    assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app");
    assertThat(l).hasToString("postgres://db.example:6543/app as 'flow' schema 'tenant_1'");
  }

  @Test
  void acceptsTheProvidersFormPostgresqlAndAUserBeforeTheHost() {
    assertThat(PostgresLocation.parse("//h/d")).isEqualTo(new PostgresLocation("h", 5432, "d", null, null));
    assertThat(PostgresLocation.parse("postgresql://u@h:1/d")).isEqualTo(new PostgresLocation("h", 1, "d", "u", null));
    assertThat(PostgresLocation.parse("postgres://[::1]:5/d").endpoint()).isEqualTo("postgres://[::1]:5/d");
  }

  @Test
  void rejectsWhatItCannotUseAndNeverShowsAPassword() {
    assertThatThrownBy(() -> PostgresLocation.parse(" ")).isInstanceOf(StoreException.class)
        .hasMessageStartingWith("state store 'postgres' needs a server");
    assertThatThrownBy(() -> PostgresLocation.parse("postgres://u:hunter2@h/d"))
        .hasMessage("state store 'postgres' location carries a password; give it in JOINTFLOW_POSTGRES_PASSWORD or PGPASSWORD"
            + " instead, and the user as ?user=USER: 'postgres://u:***@h/d'");
    assertThatThrownBy(() -> PostgresLocation.parse("postgres://h/d?password=hunter2"))
        .hasMessageContaining("carries a password").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresLocation.parse("postgres://h")).hasMessageContaining("names no database");
    assertThatThrownBy(() -> PostgresLocation.parse("postgres://h/d?sslmode=x")).hasMessageContaining("unknown parameter: 'sslmode'");
    assertThatThrownBy(() -> PostgresLocation.parse("postgres://h/d?schema=Bad-Name")).hasMessageContaining("not a plain lower-case SQL name");
    assertThatThrownBy(() -> PostgresLocation.parse("mysql://h/d")).hasMessageContaining("is not postgres://");
    assertThat(((StoreException) org.assertj.core.api.Assertions.catchThrowable(() -> PostgresLocation.parse("postgres://h"))).retryable()).isFalse();
  }

  @Test
  void optionsNameTheBadValue() {
    assertThatThrownBy(() -> PostgresOptions.builder().poolSize(0).build()).hasMessage("postgres option 'pool-size' must be between 1 and 1000: 0");
    assertThatThrownBy(() -> PostgresOptions.builder().schema("x;drop").build()).hasMessageContaining("'x;drop'");
    assertThat(PostgresOptions.builder().password("pw").build().toString()).doesNotContain("pw'").contains("password=***");
  }
}
