package io.jointflow.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash during an atomic batch: a process writing large batches is killed with SIGKILL at a
 * random point, the file is reopened, and every batch is there whole or not at all; every batch
 * the process reported as committed is there.
 */
class SqliteBatchCrashTest {
  private static final int KILLS = 4;
  @TempDir Path dir;

  @Test
  void aKilledWriterLeavesEveryBatchWholeOrAbsent() throws Exception {
    long seed = Long.getLong("jointflow.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    Path db = dir.resolve("batches.db");
    SqliteStateStore.open(db).close();
    long next = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path err = dir.resolve("writer-" + kill + ".err");
      Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
          System.getProperty("java.class.path"), SqliteBatchWriter.class.getName(), db.toString(), String.valueOf(next))
          .redirectError(err.toFile()).start();
      long reported = -1;
      int waitFor = 1 + random.nextInt(3);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (int seen = 0; seen < waitFor; seen++) {
          String line = out.readLine();
          assertThat(line).as("writer output (seed %d); stderr: %s", seed, Files.readString(err)).startsWith("committed ");
          reported = Long.parseLong(line.substring("committed ".length()));
        }
        // Kill it somewhere inside the next batches: a batch of this size takes milliseconds to write.
        Thread.sleep(random.nextInt(40));
        p.destroyForcibly();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      }
      try (SqliteStateStore store = SqliteStateStore.open(db)) {
        long present = 0;
        for (long n = 0; n < reported + 50; n++) {
          int values = store.scan("b/" + n + "/", null, SqliteBatchWriter.KEYS + 1).size();
          int sets = 0;
          for (int k = 0; k < SqliteBatchWriter.KEYS; k++) {
            sets += store.members("s/" + n + "/" + k, 0, 2).size();
          }
          long counter = store.incrementAndGet("c/" + n, 0);
          boolean whole = values == SqliteBatchWriter.KEYS && sets == SqliteBatchWriter.KEYS && counter == SqliteBatchWriter.KEYS;
          boolean absent = values == 0 && sets == 0 && counter == 0;
          assertThat(whole || absent).as("batch %d after kill %d (seed %d): %d values, %d set members, counter %d",
              n, kill, seed, values, sets, counter).isTrue();
          if (n <= reported) {
            assertThat(whole).as("batch %d was reported committed (seed %d)", n, seed).isTrue();
          }
          present += whole ? 1 : 0;
        }
        String last = new String(store.get("last").orElseThrow().value(), StandardCharsets.UTF_8);
        assertThat(Long.parseLong(last)).as("the last batch's compare-and-set").isEqualTo(present - 1);
        assertThat(store.get("last").orElseThrow().version()).isEqualTo(present);
        next = present;
      }
    }
  }
}
