package io.jointflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.SetMember;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.RedisServer;
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

/** Two JVMs share one Redis server and race on the same keys; every outcome stays exactly-once. */
class RedisMultiProcessIT {
  private static final int PROCESSES = 2;
  @TempDir Path dir;

  private record Child(Process process, BufferedReader out, Path err) {}

  private Child start(RedisServer redis, int id) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = dir.resolve("hammer-" + id + ".err");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), RedisHammer.class.getName(),
        redis.uri(), "hammer:", "p" + id).redirectError(err.toFile()).start();
    return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), err);
  }

  @Test
  void twoProcessesRacingOnOneServerStayExactlyOnce() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      List<Child> children = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        children.add(start(redis, i));
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
        List<String> own = new ArrayList<>();
        for (String line = c.out().readLine(); line != null; line = c.out().readLine()) {
          own.add(line);
        }
        assertThat(c.process().waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)).as("child exited").isTrue();
        assertThat(c.process().exitValue()).as("exit code; stderr: %s", stderr(c)).isZero();
        assertThat(own).last().isEqualTo("done");
        lines.addAll(own);
      }

      int workers = PROCESSES * RedisHammer.THREADS;
      Map<String, Integer> claimWins = new HashMap<>();
      Map<String, List<Long>> positions = new HashMap<>();
      Map<String, Integer> adders = new HashMap<>();
      Map<String, Integer> roundWins = new HashMap<>();
      List<Long> counts = new ArrayList<>();
      for (String line : lines) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "claim" -> claimWins.merge(f[1], Boolean.parseBoolean(f[2]) ? 1 : 0, Integer::sum);
          case "add" -> {
            positions.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Long.parseLong(f[2]));
            adders.merge(f[1], Boolean.parseBoolean(f[3]) ? 1 : 0, Integer::sum);
          }
          case "count" -> counts.add(Long.parseLong(f[1]));
          case "batch" -> roundWins.merge(f[1], Boolean.parseBoolean(f[2]) ? 1 : 0, Integer::sum);
          default -> assertThat(f[0]).isEqualTo("done");
        }
      }

      assertThat(claimWins).hasSize(RedisHammer.CLAIMS).allSatisfy((key, wins) -> assertThat(wins).as(key).isEqualTo(1));
      assertThat(roundWins).hasSize(RedisHammer.ROUNDS).allSatisfy((round, wins) -> assertThat(wins).as("round " + round).isEqualTo(1));
      assertThat(adders).allSatisfy((member, n) -> assertThat(n).as("adders of %s", member).isEqualTo(1));
      assertThat(positions).allSatisfy((member, seen) -> assertThat(seen).as(member).containsOnly(seen.getFirst()));
      int members = RedisHammer.SHARED_MEMBERS + workers * RedisHammer.OWN_MEMBERS;
      assertThat(positions.values().stream().map(List::getFirst).sorted().toList())
          .containsExactlyElementsOf(LongStream.range(0, members).boxed().toList());
      assertThat(counts.stream().sorted().toList())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) workers * RedisHammer.INCREMENTS).boxed().toList());

      try (RedisStateStore store = RedisStateStore.open(redis.uri(), RedisOptions.builder().keyPrefix("hammer:").build())) {
        List<SetMember> stored = store.members("set", 0, members + 1);
        assertThat(stored).hasSize(members);
        stored.forEach(m -> assertThat(positions.get(m.member())).containsOnly(m.position()));
        assertThat(store.incrementAndGet("counter", 0)).isEqualTo((long) workers * RedisHammer.INCREMENTS);
        assertThat(store.scan("claim/", null, 1000)).hasSize(RedisHammer.CLAIMS);
        for (int r = 0; r < RedisHammer.ROUNDS; r++) {
          assertThat(store.incrementAndGet("round-total/" + r, 0)).as("round %d total", r).isEqualTo(1);
          assertThat(store.members("round-winner/" + r, 0, 10)).hasSize(1);
        }
      }
    }
  }

  private static String stderr(Child c) {
    try {
      return Files.readString(c.err());
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
