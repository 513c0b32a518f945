/**
 * The PostgreSQL {@link io.jointflow.spi.StateStore}: {@link io.jointflow.postgres.PostgresStateStore}
 * keeps plain values, ordered sets, counters and lists in tables of one schema, keyed by the UTF-8
 * bytes of their keys, and runs every operation as one statement over JDBC (a batch is one call of
 * a PL/pgSQL function), so a batch is one round trip and one transaction; several processes and
 * hosts share one server. Opened by {@code --state postgres://HOST:PORT/DATABASE?user=USER} through
 * {@link io.jointflow.postgres.PostgresStateStoreProvider}, with the password from {@code
 * JOINTFLOW_POSTGRES_PASSWORD} or {@code PGPASSWORD}; tuned by {@link
 * io.jointflow.postgres.PostgresOptions}.
 */
package io.jointflow.postgres;
