package io.jointflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark runs end to end at a tiny scale and writes its report; no timing is asserted.
 * The xcloud benchmark starts two redis-servers of its own (apt-get install -y redis-server).
 */
class BenchSmokeTest {

  @Test
  void everyBenchmarkRunsAndReports(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int status = BenchMain.run(new String[] {"--scale", "0.01", "--fan-out", "40", "--out", dir.toString(),
        "--examples", Path.of("..", "examples").toString(), "--tmp", dir.toString()},
        new PrintStream(console, true, StandardCharsets.UTF_8));

    String out = console.toString(StandardCharsets.UTF_8);
    assertThat(status).as(out).isZero();
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().contains("-all.")).toList();
    }
    assertThat(files).hasSize(2);
    Path md = files.stream().filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
    String report = Files.readString(md);
    assertThat(report).startsWith("# Jointflow benchmarks").contains("Command: `", "Git commit", "## Targets");
    for (String name : BenchMain.all().keySet()) {
      assertThat(report).contains("## " + name + ": ");
    }
    assertThat(report).contains("ephemeral no-copy check").contains("-> NO COPY").doesNotContain("COPIED");
    // xcloud: every workload ran across both clouds and reported its targets (verdicts are not asserted).
    assertThat(report).contains("| xcloud | exactly-once | chain: overhead per step p50",
        "| xcloud | exactly-once | fan-out: overhead per step p50",
        "| xcloud | exactly-once | failover: extra latency of the step p50",
        "chain: cross-cloud store round trips on a cross-cloud edge of the critical path");
    assertThat(report).containsPattern("it ran on b in (\\d+) of \\1 measured runs");
    // stores: every store measured against its own bare conditional write.
    for (String store : List.of("sqlite", "redis", "postgres", "dynamodb")) {
      assertThat(report).contains("| stores | " + store + " | hop p50 / bare put-if-absent p50",
          "| stores | " + store + " | checkpointed steps/s / bare put-if-absent/s",
          "| " + store + " | store write calls per step (a batch is one round trip) |");
    }
    try (var list = Files.list(dir)) {
      assertThat(list.filter(p -> p.getFileName().toString().startsWith("jointflow-bench-"))).isEmpty();
    }
  }

  @Test
  void aRunWhereNothingCompletesWritesNoResultsFile(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path out = dir.resolve("results");
    // The chain benchmark loads examples/chain.yaml: from an empty directory it fails before measuring.
    int status = BenchMain.run(new String[] {"chain", "--scale", "0.01", "--out", out.toString(), "--examples",
        dir.toString(), "--tmp", dir.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8));

    String text = console.toString(StandardCharsets.UTF_8);
    assertThat(status).as(text).isEqualTo(1);
    assertThat(text).contains("no benchmark ran to completion (chain", "nothing written to " + out);
    assertThat(out).doesNotExist();
  }
}
