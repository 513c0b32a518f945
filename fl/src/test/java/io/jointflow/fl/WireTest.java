package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.core.MemoryStateStore;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the driver and the workers exchange in cluster mode ({@link Wire}): every value comes back
 * as it was sent, bad bytes are refused with the field named, and an agent operation run again
 * under the same id (a retried function) is answered from the record, not applied twice.
 */
class WireTest {
  private static final FlSetup SETUP = Setups.digits(2, 4, 0.5, Setups.quick().budget(150).build());

  private static float[] model(float v) {
    float[] m = new float[SETUP.model().parameterCount()];
    Arrays.fill(m, v);
    return m;
  }

  private static final Container C = new Container(3, new ContainerType("cpu-2", 1.8, 0.25));

  @Test
  void jobsEffectsOperationsAndResultsComeBackAsSent() {
    Job job = new Job(41, 1, C, 2, 7, 10.5, 33.25, model(0.5f), 0);
    Job back = Wire.job(Wire.job(job), SETUP);
    assertThat(back).usingRecursiveComparison().isEqualTo(job);

    List<Effect> effects = List.of(new Effect.Dispatch(1, C, 2, 7, model(1), 0),
        new Effect.Send(0, 1, Map.of("period", "3", "kind", "stellar"), model(2), new Timer(0, Timer.Kind.UNDELIVERED, 1)),
        new Effect.Send(1, 0, Map.of(), model(3), null), new Effect.At(12.5, new Timer(1, Timer.Kind.ROTATE, 4)),
        new Effect.Signal(new Timer(0, Timer.Kind.CLOUD_ROUND, 1)));
    assertThat(Wire.effects(Wire.effects(effects), SETUP)).usingRecursiveComparison().isEqualTo(effects);

    Wire.Op op = new Wire.Op(new Wire.Ctx("c0ffee", "run-1", "nebulafl", 17.5, "step-9"), Wire.Op.ENDED, 1,
        new byte[] {1, 2, 3}, job, true, 38, new Timer(1, Timer.Kind.DISPATCH_RETRY, 0));
    assertThat(Wire.op(Wire.op(op), SETUP)).usingRecursiveComparison().isEqualTo(op);

    Wire.Result r = new Wire.Result("applied", effects, List.of(model(4), model(5)));
    byte[] bytes = Wire.result(r);
    assertThat(Wire.isResult(bytes)).isTrue();
    assertThat(Wire.isResult("rejected".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();
    assertThat(Wire.result(bytes, SETUP)).usingRecursiveComparison().isEqualTo(r);

    byte[][] parts = Wire.parts(Wire.envelope(new byte[] {9}, new byte[0], new byte[] {1, 2}), 3);
    assertThat(parts).isDeepEqualTo(new byte[][] {{9}, {}, {1, 2}});
  }

  @Test
  void badBytesAreRefusedNamingWhatIsWrong() {
    float[] tooLong = new float[SETUP.model().parameterCount() + 1];
    assertThatThrownBy(() -> Wire.job(Wire.job(new Job(1, 0, C, 0, 0, 0, 1, tooLong, 0)), SETUP))
        .isInstanceOf(JointflowException.class).hasMessageContaining("fl job refused")
        .hasMessageContaining(tooLong.length + " model parameters");
    assertThatThrownBy(() -> Wire.job(Wire.job(new Job(1, 5, C, 0, 0, 0, 1, model(0), 0)), SETUP))
        .hasMessageContaining("data center 5 is not in [0, 2)");
    byte[] job = Wire.job(new Job(1, 0, C, 0, 0, 0, 1, model(0), 0));
    assertThatThrownBy(() -> Wire.job(Arrays.copyOf(job, job.length - 3), SETUP)).hasMessageContaining("cut short");
    assertThatThrownBy(() -> Wire.job(Arrays.copyOf(job, job.length + 2), SETUP))
        .hasMessageContaining("2 bytes follow its end");
    byte[] timer = Wire.effects(List.of(new Effect.Signal(new Timer(0, Timer.Kind.ROUND, 0))));
    byte[] renamed = new String(timer, java.nio.charset.StandardCharsets.ISO_8859_1).replace("ROUND", "RONUD")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Wire.effects(renamed, SETUP)).hasMessageContaining("timer kind 'RONUD' is unknown");
    assertThatThrownBy(() -> Wire.parts(Wire.envelope(new byte[1]), 2)).hasMessageContaining("it has 1 parts, not 2");
  }

  @Test
  void anOperationRunAgainUnderItsIdIsAnsweredFromTheRecordNotAppliedTwice() {
    Engine e = new Engine(SETUP, "nebulafl", p -> {});
    StateStore store = MemoryStateStore.create();
    AgentStore agents = new AgentStore(e.context(), "nebulafl", "run-1", d -> d == 0 ? store : null);
    agents.create(0, Method.create("nebulafl", e.context()).agent(0));
    assertThat(agents.has(0)).isTrue();
    assertThat(agents.has(1)).as("data center 1's agent is kept elsewhere").isFalse();

    List<Effect> started = agents.start(0, "start-op");
    long version = store.get(agents.key(0)).orElseThrow().version();
    assertThat(started).isNotEmpty();
    assertThat(Wire.effects(agents.start(0, "start-op"))).as("the retried start: the same effects")
        .isEqualTo(Wire.effects(started));
    assertThat(store.get(agents.key(0)).orElseThrow().version()).as("and nothing stored").isEqualTo(version);

    Effect.Dispatch d = started.stream().filter(Effect.Dispatch.class::isInstance).map(Effect.Dispatch.class::cast)
        .findFirst().orElseThrow();
    Job job = new Job(9, d.dc(), d.c(), d.slot(), d.base(), 0, 20, d.model(), d.aggregator());
    Optional<List<Effect>> merged = agents.merge(job, d.model(), "merge-op");
    assertThat(merged).isPresent();
    long afterMerge = store.get(agents.key(0)).orElseThrow().version();
    Optional<List<Effect>> retried = agents.merge(job, d.model(), "merge-op");
    assertThat(retried).as("the retried merge is reported applied, with its effects").isPresent();
    assertThat(Wire.effects(retried.get())).isEqualTo(Wire.effects(merged.get()));
    assertThat(agents.merge(job, d.model(), "another-delivery")).as("another delivery of the job: a duplicate").isEmpty();
    assertThat(store.get(agents.key(0)).orElseThrow().version()).as("neither stored anything").isEqualTo(afterMerge);
    assertThat(agents.read(0).merged()).as("merged once").containsExactly(9L);

    assertThatThrownBy(() -> agents.onTimer(new Timer(1, Timer.Kind.ROTATE, 0), "t"))
        .hasMessageContaining("has no agent");
    agents.drop(0);
    assertThat(store.get(agents.key(0))).isEmpty();
  }

  @Test
  void anOperationThatCannotReachItsStoreAnswersUnavailableForTheDriverToRunItAgain() {
    byte[] down = WorkerSite.patiently(() -> {
      throw new StoreException("redis state store 'redis://127.0.0.1:1/0' is unreachable", null, true);
    });
    Wire.Result r = Wire.result(down, SETUP);
    assertThat(r.outcome()).startsWith(WorkerSite.UNAVAILABLE + ": ").contains("is unreachable");
    assertThat(r.effects()).isEmpty();
    assertThatThrownBy(() -> WorkerSite.patiently(() -> {
      throw new StoreException("redis state store refused the password", null, false);
    })).as("a store that will not get better is no reason to wait").isInstanceOf(StoreException.class)
        .hasMessageContaining("refused the password");
    assertThat(Wire.result(WorkerSite.patiently(() -> Wire.Result.of("ok", List.of())), SETUP).outcome()).isEqualTo("ok");
  }

  /**
   * A merge that processes its job's end too leaves the agent as the merge and then the end sent
   * apart would, with the effects of both in order; run again under its id it is answered from the
   * record, saying the end was processed; another delivery is a duplicate.
   */
  @Test
  void aMergeWithItsJobsEndIsTheMergeThenTheEndInOneOperation() {
    Engine e = new Engine(SETUP, "nebulafl", p -> {});
    StateStore together = MemoryStateStore.create();
    StateStore apart = MemoryStateStore.create();
    AgentStore one = new AgentStore(e.context(), "nebulafl", "run-1", d -> d == 0 ? together : null);
    AgentStore two = new AgentStore(e.context(), "nebulafl", "run-2", d -> d == 0 ? apart : null);
    one.create(0, Method.create("nebulafl", e.context()).agent(0));
    two.create(0, Method.create("nebulafl", e.context()).agent(0));
    List<Effect> started = one.start(0, "s1");
    assertThat(Wire.effects(two.start(0, "s1"))).isEqualTo(Wire.effects(started));
    Effect.Dispatch d = started.stream().filter(Effect.Dispatch.class::isInstance).map(Effect.Dispatch.class::cast)
        .findFirst().orElseThrow();
    Job job = new Job(0, d.dc(), d.c(), d.slot(), d.base(), 0, 20, d.model(), d.aggregator());
    float[] update = model(0.25f);

    AgentStore.Merged merged = one.mergeEnding(job, update, 1, "s2").orElseThrow();
    assertThat(merged.ended()).as("a merge that dispatches only: its end goes with it").isTrue();
    List<Effect> mergedApart = two.merge(job, update, "s2").orElseThrow();
    List<Effect> endedApart = two.ended(job, true, 1, "s3");
    List<Effect> both = new java.util.ArrayList<>(mergedApart);
    both.addAll(endedApart);
    assertThat(Wire.effects(merged.effects())).as("the merge's effects, then the end's").isEqualTo(Wire.effects(both));
    AgentRecord a = one.read(0);
    AgentRecord b = two.read(0);
    assertThat(a.merged()).isEqualTo(b.merged()).isEmpty();
    assertThat(a.ended()).isEqualTo(b.ended());
    assertThat(a.floor()).isEqualTo(b.floor());
    assertThat(a.agent().serving()).usingRecursiveComparison().isEqualTo(b.agent().serving());
    assertThat(a.lastOp()).isEqualTo("s2" + AgentStore.ENDED_TOO);

    long version = together.get(one.key(0)).orElseThrow().version();
    AgentStore.Merged again = one.mergeEnding(job, update, 1, "s2").orElseThrow();
    assertThat(again.ended()).as("run again: answered from the record, end included").isTrue();
    assertThat(Wire.effects(again.effects())).isEqualTo(Wire.effects(merged.effects()));
    assertThat(one.mergeEnding(job, update, 1, "s4")).as("another delivery after the end").isEmpty();
    assertThat(together.get(one.key(0)).orElseThrow().version()).as("nothing stored since").isEqualTo(version);
  }
}
