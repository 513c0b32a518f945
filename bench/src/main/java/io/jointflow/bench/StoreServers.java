package io.jointflow.bench;

import io.jointflow.dynamodb.DynamoStateStore;
import io.jointflow.postgres.PostgresStateStore;
import io.jointflow.redis.RedisStateStore;
import io.jointflow.spi.StateStore;
import io.jointflow.sqlite.SqliteStateStore;
import io.jointflow.testkit.DynamoDbServer;
import io.jointflow.testkit.PostgresServer;
import io.jointflow.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The durable state stores the {@code stores} benchmark compares, each opened on a real server or
 * file of its own that the benchmark starts and stops (the same launchers as the tests use).
 */
final class StoreServers {
  private StoreServers() {}

  /**
   * A store the benchmark can open in a scratch directory, and the share of the benchmark's counts
   * it runs (a slow stand-in would take half an hour at the full counts).
   */
  record Candidate(String name, Opener opener, double load) {
    Opened open(Path dir) throws Exception {
      return opener.open(dir);
    }
  }

  /** Opens a store (and starts its server) in a scratch directory. */
  interface Opener {
    Opened open(Path dir) throws Exception;
  }

  /** An open store and what it runs on; closing it closes the store, then its server. */
  record Opened(StateStore store, String description, List<AutoCloseable> owned) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      Exception first = null;
      for (AutoCloseable c : owned) {
        try {
          c.close();
        } catch (Exception e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private static Candidate candidate(String name, Opener opener) {
    return new Candidate(name, opener, 1);
  }

  static List<Candidate> candidates() {
    List<Candidate> all = new ArrayList<>();
    all.add(candidate("sqlite", dir -> {
      SqliteStateStore s = SqliteStateStore.open(dir.resolve("state.db"));
      return new Opened(s, "a SQLite file (WAL, synchronous=FULL, group commit) in " + dir, List.of(s));
    }));
    all.add(candidate("redis", dir -> onServer(RedisServer.start(), server -> RedisStateStore.open(server.uri()),
        "redis-server on loopback, append-only file with appendfsync always")));
    all.add(candidate("postgres", dir -> onServer(PostgresServer.start(), server -> PostgresStateStore.open(server.url()),
        "PostgreSQL on loopback (fsync=on, synchronous_commit=on), JDBC through HikariCP")));
    all.add(new Candidate("dynamodb", dir -> onServer(DynamoDbServer.start(), server -> {
      // The stand-in takes its own test key; the SDK reads credentials from these properties.
      System.setProperty("aws.accessKeyId", DynamoDbServer.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", "bench");
      return DynamoStateStore.open(server.location("bench"));
    }, "the in-project DynamoDB stand-in (a separate JVM on loopback, change log forced to disk before each answer;"
        + " DynamoDB Local is not available here): it shows round trips, not DynamoDB's speed"), 0.1));
    return all;
  }

  /** A store opened on a server just started; the server is stopped if the store does not open. */
  private static <S extends AutoCloseable> Opened onServer(S server, Function<S, StateStore> open, String description)
      throws Exception {
    try {
      StateStore store = open.apply(server);
      return new Opened(store, description, List.of(store, server));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
