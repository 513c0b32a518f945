package io.jointflow.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGroupCommitTest {
  @TempDir Path dir;
  private SqliteStateStore store;

  @BeforeEach
  void open() {
    store = SqliteStateStore.open(dir.resolve("state.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Holds the writer thread inside a batch until released, so that writes queue up behind it. */
  private CountDownLatch holdWriter() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    store.submitAsync("hold the writer", c -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    running.await();
    return release;
  }

  @Test
  void concurrentWritersShareCommits() throws Exception {
    int threads = 32;
    int perThread = 20;
    long commitsBefore = store.commits();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      done.add(pool.submit(() -> {
        go.await();
        int created = 0;
        for (int i = 0; i < perThread; i++) {
          created += store.putIfAbsent("k/" + id + "/" + i, new byte[] {(byte) i}) ? 1 : 0;
        }
        return created;
      }));
    }
    go.countDown();
    int created = 0;
    for (Future<Integer> f : done) {
      created += f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    long commits = store.commits() - commitsBefore;
    assertThat(created).isEqualTo(threads * perThread);
    assertThat(store.committedWrites()).isEqualTo(threads * perThread);
    assertThat(commits).as("commits for %d writes", threads * perThread).isLessThan(threads * perThread);
    System.out.printf("group commit: %d writes from %d threads in %d commits (%.1f writes per commit)%n",
        threads * perThread, threads, commits, (double) threads * perThread / commits);
  }

  @Test
  void writesQueuedBehindABusyWriterCommitTogether() throws Exception {
    CountDownLatch release = holdWriter();
    long commitsBefore = store.commits();
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "batched/" + i;
      writes.add(store.submitAsync("put", c -> SqliteTables.insertIfAbsent(c, key, new byte[0])));
    }
    release.countDown();
    writes.forEach(CompletableFuture::join);

    assertThat(store.commits() - commitsBefore).as("the held batch and one batch for all 100").isEqualTo(2);
    assertThat(store.scan("batched/", null, 1000)).hasSize(100);
  }

  @Test
  void aFailingWriteFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
    CountDownLatch release = holdWriter();
    CompletableFuture<Boolean> before = store.submitAsync("put", c -> SqliteTables.insertIfAbsent(c, "before", new byte[] {1}));
    CompletableFuture<Object> failing = store.submitAsync("write half and fail", c -> {
      SqliteTables.insertIfAbsent(c, "half-written", new byte[] {1});
      throw new SQLException("injected failure");
    });
    CompletableFuture<Boolean> after = store.submitAsync("put", c -> SqliteTables.insertIfAbsent(c, "after", new byte[] {2}));
    long commitsBefore = store.commits();
    release.countDown();

    assertThat(before.join()).isTrue();
    assertThat(after.join()).isTrue();
    assertThatThrownBy(failing::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(StoreException.class)
        .hasMessage("sqlite state store '" + store.file() + "' could not write half and fail: injected failure");
    assertThat(store.commits() - commitsBefore).isEqualTo(2);
    assertThat(store.get("before")).isPresent();
    assertThat(store.get("after")).isPresent();
    assertThat(store.get("half-written")).as("rolled back to its savepoint").isEmpty();
  }

  @Test
  void aFailedCommitFailsEveryWriteOfTheBatchAndKeepsNone() throws Exception {
    CountDownLatch release = holdWriter();
    CompletableFuture<Boolean> good = store.submitAsync("put", c -> SqliteTables.insertIfAbsent(c, "good", new byte[] {1}));
    // A deferred foreign key violation passes every statement and fails only at COMMIT.
    CompletableFuture<Object> poison = store.submitAsync("violate a deferred constraint", c -> {
      c.execute("CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY)");
      c.execute("CREATE TEMP TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
      c.execute("INSERT INTO child VALUES (1)");
      return null;
    });
    long commitsBefore = store.commits();
    long writesBefore = store.committedWrites();
    release.countDown();

    for (CompletableFuture<?> f : List.of(good, poison)) {
      assertThatThrownBy(f::join)
          .cause()
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("sqlite state store '" + store.file() + "' commit of a batch of 2 writes failed and was rolled back: ")
          .hasMessageContaining("FOREIGN KEY constraint failed");
    }
    assertThat(store.get("good")).isEmpty();
    assertThat(store.commits()).as("only the holding batch committed").isEqualTo(commitsBefore + 1);
    assertThat(store.committedWrites()).isEqualTo(writesBefore + 1);

    assertThat(store.putIfAbsent("good", new byte[] {1})).as("the store works after a failed batch").isTrue();
  }

  @Test
  void aFailureSurfacesInTheCallersThreadAsAStoreException() {
    store.close();
    assertThatThrownBy(() -> store.incrementAndGet("n", 1))
        .isInstanceOf(StoreException.class)
        .hasMessage("sqlite state store '" + store.file() + "' is closed: cannot increment counter 'n'");
    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOf(StoreException.class)
        .hasMessage("sqlite state store '" + store.file() + "' is closed: cannot get key 'k'");
  }
}
