package io.jointflow.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.StateStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("state.db");
  }

  @Override
  protected StateStore newStore() {
    return SqliteStateStore.open(file());
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    return SqliteStateStore.open(file());
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    StateStoreProvider provider =
        ServiceLoader.load(StateStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("sqlite"))
            .findFirst()
            .orElseThrow();
    try (StateStore s = provider.open(dir.resolve("other.db").toString(), ManualEnvironment.direct(1))) {
      assertThat(s.name()).isEqualTo("sqlite");
      assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
    }
    assertThat(dir.resolve("other.db")).exists();
    assertThatThrownBy(() -> provider.open("", ManualEnvironment.direct(1)))
        .isInstanceOf(StoreException.class)
        .hasMessage("state store 'sqlite' needs a file path: ''; use --state sqlite:PATH");
  }

  @Test
  void aMissingDirectoryOrADirectoryPathFailsWithTheFix() {
    Path missing = dir.resolve("no/such/dir/state.db");
    assertThatThrownBy(() -> SqliteStateStore.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessage("sqlite state store '" + missing + "' directory does not exist: " + missing.getParent()
            + "; create it (mkdir -p " + missing.getParent() + ") or choose another path");
    assertThatThrownBy(() -> SqliteStateStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("sqlite state store '" + dir + "' is a directory: " + dir + "; give a file path");
  }

  @Test
  void aFileWithANewerSchemaIsRefused() throws Exception {
    store().close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
      c.createStatement().execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> SqliteStateStore.open(file()))
        .isInstanceOf(StoreException.class)
        .hasMessage("sqlite state store '" + file() + "' has a newer schema: version 99 (this Jointflow reads " + SqliteTables.SCHEMA_VERSION + "); upgrade Jointflow");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
      c.createStatement().execute("PRAGMA user_version = " + SqliteTables.SCHEMA_VERSION);
    }
  }

  @Test
  void usesWalWithFullSync() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file());
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
    SqliteStateStore s = (SqliteStateStore) store();
    String sync = s.submitAsync("read pragma", c -> {
      try (ResultSet rs = c.prepare("PRAGMA synchronous").executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }).join();
    assertThat(sync).as("2 = FULL").isEqualTo("2");
  }

  @Test
  void prefixOperationsUseIndexRangeScans() throws Exception {
    List<String> plans = new ArrayList<>();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
      for (String table : List.of("kv", "set_member", "counter", "list_item")) {
        KeyRange range = KeyRange.of("run1/", null);
        var ps = c.prepareStatement("EXPLAIN QUERY PLAN DELETE FROM " + table + " WHERE " + range.where());
        range.bind(ps, 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plans.add(table + ": " + rs.getString("detail"));
          }
        }
      }
      KeyRange after = KeyRange.of("run1/", "run1/x");
      var ps = c.prepareStatement("EXPLAIN QUERY PLAN SELECT key FROM kv WHERE " + after.where() + " ORDER BY key LIMIT 5");
      after.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plans.add("scan: " + rs.getString("detail"));
        }
      }
    }
    assertThat(plans)
        .hasSize(5)
        .allSatisfy(p -> assertThat(p).containsPattern("SEARCH \\w+ USING (PRIMARY KEY|INDEX \\w+) \\(key>\\? AND key<\\?\\)"));
  }

  @Test
  void theUpperBoundOfAPrefixSkipsSurrogatesAndMaximalCodePoints() {
    String max = new String(Character.toChars(Character.MAX_CODE_POINT));
    assertThat(KeyRange.successor("run1/")).isEqualTo("run10");
    assertThat(KeyRange.successor("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(KeyRange.successor("a\uFFFF")).isEqualTo("a\uD800\uDC00");
    assertThat(KeyRange.successor("a" + max + max)).isEqualTo("b");
    assertThat(KeyRange.successor(max)).isNull();
    assertThat(KeyRange.successor("")).isNull();
  }

  @Test
  void closeCommitsTheWritesAlreadySubmitted() {
    SqliteStateStore s = (SqliteStateStore) store();
    List<java.util.concurrent.CompletableFuture<Boolean>> pending = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String key = "pending/" + i;
      pending.add(s.submitAsync("put", c -> SqliteTables.insertIfAbsent(c, key, new byte[] {1})));
    }
    s.close();

    assertThat(pending).allSatisfy(f -> assertThat(f.join()).isTrue());
    assertThatThrownBy(() -> s.putIfAbsent("late", new byte[0]))
        .isInstanceOf(StoreException.class)
        .hasMessage("sqlite state store '" + file() + "' is closed: cannot put key 'late'");
    reopenStore();
    assertThat(store().scan("pending/", null, 100)).hasSize(50);
  }

  @Test
  void theDatabaseFileIsCreatedWhereAsked() {
    assertThat(Files.exists(file())).isTrue();
    assertThat(((SqliteStateStore) store()).file()).isEqualTo(file());
  }
}
