package io.jointflow.sqlite;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.WriteOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process for {@link SqliteBatchCrashTest}: opens the store and writes large atomic batches
 * {@code first, first + 1, ...} forever, printing {@code committed N} after batch N returned, until
 * it is killed. Batch N writes {@value #KEYS} plain values, one set member per value, a counter and
 * a compare-and-set of the shared key {@code last}.
 */
public final class SqliteBatchWriter {
  static final int KEYS = 400;

  private SqliteBatchWriter() {}

  static List<WriteOp> batch(long n, long lastVersion) {
    List<WriteOp> ops = new ArrayList<>();
    byte[] value = ("batch " + n).getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < KEYS; k++) {
      ops.add(WriteOp.putIfAbsent("b/" + n + "/" + k, value));
    }
    for (int k = 0; k < KEYS; k++) {
      ops.add(WriteOp.addToSet("s/" + n + "/" + k, "m", value));
    }
    ops.add(WriteOp.increment("c/" + n, KEYS));
    ops.add(WriteOp.compareAndSet("last", lastVersion, String.valueOf(n).getBytes(StandardCharsets.UTF_8)));
    return ops;
  }

  /** Arguments: the database file and the first batch number. */
  public static void main(String[] args) {
    try (SqliteStateStore store = SqliteStateStore.open(Path.of(args[0]))) {
      long n = Long.parseLong(args[1]);
      while (true) {
        long version = store.get("last").map(v -> v.version()).orElse(0L);
        BatchOutcome out = store.writeBatch(batch(n, version));
        if (!out.committed()) {
          throw new IllegalStateException("batch " + n + " failed at " + out.failedIndex());
        }
        System.out.println("committed " + n);
        System.out.flush();
        n++;
      }
    }
  }
}
