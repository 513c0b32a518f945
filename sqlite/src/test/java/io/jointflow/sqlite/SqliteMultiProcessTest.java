package io.jointflow.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.SetMember;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs share one database file and race on the same keys; every outcome stays exactly-once. */
class SqliteMultiProcessTest {
  private static final int PROCESSES = 2;
  @TempDir Path dir;

  private record Child(Process process, BufferedReader out, Path err) {}

  private Child start(Path db, int id) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = dir.resolve("hammer-" + id + ".err");
    Process p =
        new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), SqliteHammer.class.getName(), db.toString(), "p" + id)
            .redirectError(err.toFile())
            .start();
    return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), err);
  }

  @Test
  void twoProcessesRacingOnOneFileStayExactlyOnce() throws Exception {
    Path db = dir.resolve("shared.db");
    SqliteStateStore.open(db).close(); // create the schema once, as a deployment would
    List<Child> children = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      children.add(start(db, i));
    }
    for (Child c : children) {
      assertThat(c.out().readLine()).as("first line of a child; stderr: %s", stderr(c)).isEqualTo("ready");
    }
    for (Child c : children) {
      var in = new BufferedWriter(new OutputStreamWriter(c.process().getOutputStream(), StandardCharsets.UTF_8));
      in.write("go\n");
      in.flush();
    }
    List<String> lines = new ArrayList<>();
    for (Child c : children) {
      for (String line = c.out().readLine(); line != null; line = c.out().readLine()) {
        lines.add(line);
      }
      assertThat(c.process().waitFor(5, TimeUnit.MINUTES)).as("child exited").isTrue();
      assertThat(c.process().exitValue()).as("exit code; stderr: %s", stderr(c)).isZero();
      assertThat(lines.getLast()).isEqualTo("done");
    }

    int workers = PROCESSES * SqliteHammer.THREADS;
    Map<String, Integer> claimWins = new HashMap<>();
    Map<String, List<Long>> positions = new HashMap<>();
    Map<String, Integer> adders = new HashMap<>();
    List<Long> counts = new ArrayList<>();
    long commits = 0;
    long writes = 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "claim" -> claimWins.merge(f[1], Boolean.parseBoolean(f[2]) ? 1 : 0, Integer::sum);
        case "add" -> {
          positions.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Long.parseLong(f[2]));
          adders.merge(f[1], Boolean.parseBoolean(f[3]) ? 1 : 0, Integer::sum);
        }
        case "count" -> counts.add(Long.parseLong(f[1]));
        case "stats" -> {
          commits += Long.parseLong(f[1]);
          writes += Long.parseLong(f[2]);
        }
        default -> assertThat(f[0]).isEqualTo("done");
      }
    }

    assertThat(claimWins).hasSize(SqliteHammer.CLAIMS).allSatisfy((key, wins) -> assertThat(wins).as(key).isEqualTo(1));
    assertThat(adders).allSatisfy((member, n) -> assertThat(n).as("adders of %s", member).isEqualTo(1));
    assertThat(positions).allSatisfy((member, seen) -> assertThat(seen).as(member).containsOnly(seen.getFirst()));
    int members = SqliteHammer.SHARED_MEMBERS + workers * SqliteHammer.OWN_MEMBERS;
    assertThat(positions.values().stream().map(List::getFirst).sorted().toList())
        .containsExactlyElementsOf(LongStream.range(0, members).boxed().toList());
    assertThat(counts.stream().sorted().toList())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) workers * SqliteHammer.INCREMENTS).boxed().toList());

    try (SqliteStateStore store = SqliteStateStore.open(db)) {
      List<SetMember> stored = store.members("set", 0, members + 1);
      assertThat(stored).hasSize(members);
      stored.forEach(m -> assertThat(positions.get(m.member())).containsOnly(m.position()));
      assertThat(store.incrementAndGet("counter", 0)).isEqualTo((long) workers * SqliteHammer.INCREMENTS);
      assertThat(store.scan("claim/", null, 1000)).hasSize(SqliteHammer.CLAIMS);
    }
    System.out.printf("two processes: %d writes in %d commits%n", writes, commits);
  }

  private static String stderr(Child c) {
    try {
      return Files.readString(c.err());
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
