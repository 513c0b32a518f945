package io.jointflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.core.Emulation;
import io.jointflow.core.Emulation.Applied;
import io.jointflow.core.Emulation.Effect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The critical path from made-up stamps and applied delays (times in ms, as nanoseconds). */
class CriticalPathTest {
  private static final long MS = 1_000_000;

  private static Applied applied(Effect e, String from, String to, long ms, String caller, String subject, long at) {
    return new Applied(e, from, to, Duration.ofMillis(ms), caller, subject, at * MS);
  }

  private static CriticalPath.Step step(String id, long start, long end) {
    return new CriticalPath.Step(id, id.replaceAll("[0-9]", ""), start * MS, end * MS);
  }

  @Test
  void theSlowerBranchIsOnThePathAndConcurrentWaitsCountOnce() {
    // split (a) runs 0-1, stores 1-3, invokes l (a) and r (b) at 3 at once; their acceptance waits overlap.
    // r (b) runs 18-19, adds across clouds 19-49, invokes join (a) at 49, which runs 64-65.
    Map<String, CriticalPath.Step> steps = Map.of("split", step("split", 0, 1), "l1", step("l1", 4, 5),
        "r1", step("r1", 18, 19), "join", step("join", 64, 65));
    List<Applied> applied = List.of(
        applied(Effect.DELIVERY, "a", "a", 0, null, "split", 0),
        applied(Effect.STORE_CALL, "a", "a", 2, "split", "r/x", 1),
        applied(Effect.DELIVERY, "a", "a", 1, "split", "l1", 3),
        applied(Effect.ACCEPTANCE, "a", "a", 2, "split", "l1", 3),
        applied(Effect.DELIVERY, "a", "b", 15, "split", "r1", 3),
        applied(Effect.ACCEPTANCE, "a", "b", 30, "split", "r1", 3),
        applied(Effect.STORE_CALL, "b", "a", 30, "r1", "r/t", 19),
        applied(Effect.DELIVERY, "b", "a", 15, "r1", "join", 49),
        applied(Effect.ACCEPTANCE, "b", "a", 30, "r1", "join", 49),
        applied(Effect.STORE_CALL, "a", "a", 2, "l1", "r/t", 5));

    CriticalPath p = CriticalPath.trace(steps, applied, "join");

    assertThat(p.steps()).extracting(CriticalPath.Step::instance).containsExactly("split", "r1", "join");
    assertThat(p.clouds()).containsExactly("a", "b", "a");
    assertThat(p.delay()).isEqualTo((2 + 15 + 30 + 15) * MS); // split's store, delivery, r1's add, delivery
    assertThat(p.storeCalls()).isEqualTo(2);
    assertThat(p.handler()).isEqualTo(3 * MS);
    assertThat(p.overheadPerStep(65 * MS)).isEqualTo(0);
    assertThat(p.edges()).hasSize(2);
    CriticalPath.Edge in = p.edges().get(1);
    assertThat(in.crossCloud()).isTrue();
    assertThat(in.latency()).isEqualTo(45 * MS);
    assertThat(in.crossDelay()).isEqualTo(45 * MS);
    assertThat(in.crossStoreCalls()).isEqualTo(1);
    assertThat(in.producerSide()).isZero();
  }

  @Test
  void overlappingWaitsAreCoveredOnce() {
    List<Applied> a = List.of(applied(Effect.ACCEPTANCE, "a", "b", 30, "x", "y", 0),
        applied(Effect.ACCEPTANCE, "a", "b", 30, "x", "z", 10), applied(Effect.STORE_CALL, "a", "a", 2, "x", "k", 50));
    assertThat(CriticalPath.covered(a)).isEqualTo(42 * MS);
  }

  @Test
  void aFailoverCountsTheRefusalsRoundTrip() {
    Map<String, CriticalPath.Step> steps = Map.of("s1", step("s1", 0, 1), "s2", step("s2", 33, 34));
    List<Applied> applied = List.of(applied(Emulation.Effect.DELIVERY, "a", "a", 0, null, "s1", 0),
        applied(Effect.REFUSAL, "a", "b", 30, "s1", "s2", 1),
        applied(Effect.DELIVERY, "a", "a", 1, "s1", "s2", 31),
        applied(Effect.ACCEPTANCE, "a", "a", 2, "s1", "s2", 31));
    CriticalPath p = CriticalPath.trace(steps, applied, "s2");
    assertThat(p.refused()).isEqualTo(30 * MS);
    assertThat(p.delay()).isEqualTo(31 * MS);
    assertThat(p.overheadPerStep(34 * MS)).isEqualTo(MS / 2); // 34 - 2 handler - 31 delay = 1 ms over 2 steps
  }
}
