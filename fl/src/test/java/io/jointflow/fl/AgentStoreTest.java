package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.Versioned;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents kept in their data centers' state stores: where they are, what decoding admits, the merged-job ledger. */
class AgentStoreTest {
  private static FlSetup setup() {
    return Setups.digits(2, 4, 0.5, Setups.quick().budget(150).build());
  }

  @Test
  void afterARunEachAgentsRecordIsInItsDataCentersStoreAndHoldsWhatTheRunDid() {
    Engine e = new Engine(setup(), "nebulafl", p -> {});
    MethodResult r = e.run();
    AgentStore agents = (AgentStore) e.agents();
    long versions = 0;
    for (int d = 0; d < 2; d++) {
      Versioned v = agents.store(d).get(agents.key(d)).orElseThrow();
      assertThat(agents.store(1 - d).get(agents.key(d))).as("only in its own cloud's store").isEmpty();
      assertThat(agents.key(d)).startsWith("fl/").endsWith("/nebulafl/" + d);
      assertThat(v.version()).as("written once per operation").isGreaterThan(10);
      AgentRecord rec = AgentRecord.decode(v.value(), e.context());
      NebulaFl.Dc dc = (NebulaFl.Dc) rec.agent();
      assertThat(dc.stellarUpdates).as("one stellar update per merge").isEqualTo(dc.versionSum()).isPositive();
      assertThat(rec.merged().length).as("only jobs still out at the budget").isLessThanOrEqualTo(2);
      versions += dc.versionSum();
    }
    assertThat(versions).as("every applied merge is in a stored agent").isEqualTo(r.applied());
  }

  @Test
  void hubMethodsKeepTheirOneAgentAtTheHubAndHierFedAvgAnEdgePerDataCenter() {
    Engine fedavg = new Engine(setup(), "fedavg", p -> {});
    fedavg.run();
    assertThat(fedavg.agents().has(1)).isFalse();
    HubMethods.Hub hub = (HubMethods.Hub) fedavg.agents().read(0).agent();
    assertThat(hub.version).isPositive();

    // with two data centers, the last upload of each cloud round is answered with the global model
    // to its sender: an operation of its own, after the sender's is stored
    Engine hier = new Engine(setup(), "hierfedavg", p -> {});
    hier.run();
    assertThat(hier.agents().read(0).agent()).isInstanceOf(HierFedAvg.Hub.class);
    for (int d = 0; d < 2; d++) {
      assertThat(((HierFedAvg.Edge) hier.agents().read(d).agent()).rounds).as("edge " + d).isPositive();
    }
  }

  @Test
  void decodingRefusesClassesOutsideTheAgentsState() throws IOException {
    Engine e = new Engine(setup(), "nebulafl", p -> {});
    Map<String, String> map = new HashMap<>(Map.of("a", "b"));
    assertThatThrownBy(() -> AgentRecord.decode(serialize(map), e.context()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class java.util.HashMap").hasMessageContaining("not part of an fl agent's state");

    // nested inside a genuine agent's state
    NebulaFl.Dc dc = new NebulaFl.Dc(e.context(), 0, e.setup().model().initialParameters(1));
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Object> sent = (List) dc.sent;
    sent.add(map);
    assertThatThrownBy(() -> AgentRecord.decode(AgentRecord.of(dc).encode(), e.context()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class java.util.HashMap");

    NebulaFl.Dc big = new NebulaFl.Dc(e.context(), 0, e.setup().model().initialParameters(1));
    big.stellar = new float[e.setup().model().parameterCount() * 100];
    assertThatThrownBy(() -> AgentRecord.decode(AgentRecord.of(big).encode(), e.context()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an array of");

    assertThatThrownBy(() -> AgentRecord.decode("not a record".getBytes(), e.context()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a record");
  }

  @Test
  void aDecodedAgentContinuesAsTheOriginal() {
    Engine e = new Engine(setup(), "nebulafl", p -> {});
    NebulaFl.Dc dc = new NebulaFl.Dc(e.context(), 1, e.setup().model().initialParameters(1));
    dc.versions[1] = 3;
    dc.spent = 0.25;
    NebulaFl.Dc copy = (NebulaFl.Dc) AgentRecord.decode(AgentRecord.of(dc).encode(), e.context()).agent();
    assertThat(copy.versions).containsExactly(dc.versions);
    assertThat(copy.spent).isEqualTo(dc.spent);
    assertThat(copy.stellar).containsExactly(dc.stellar);
    assertThat(copy.rotationTime(2)).as("the options are re-attached").isEqualTo(dc.rotationTime(2));
  }

  @Test
  void aMergeDeliveredTwiceIsAppliedOnceByTheStoredLedger() {
    Engine e = new Engine(setup(), "nebulafl", p -> {});
    NebulaFl method = new NebulaFl(e.context());
    AgentStore store = new AgentStore(e.context(), "nebulafl", "test");
    method.keepIn(store);
    int size = e.setup().model().parameterCount();
    float[] sent = new float[size];
    float[] update = new float[size];
    Arrays.fill(update, 1f);
    Job job = new Job(7, 0, new Container(0, ContainerType.referenceTypes().get(0)), 1, 0, 0, 1, sent, 0);

    assertThat(store.merge(job, update)).isPresent();
    assertThat(store.merge(job, update)).as("the second delivery").isEmpty();
    AgentRecord rec = store.read(0);
    assertThat(((NebulaFl.Dc) rec.agent()).versions).containsExactly(0, 1);
    assertThat(rec.merged()).containsExactly(7);

    store.ended(job, true, 5); // job 5 is still in flight
    assertThat(store.read(0).merged()).as("dropped once its end is processed").isEmpty();
    assertThat(store.read(0).ended()).as("recorded as over instead").containsExactly(7);
    assertThat(method.dc(0).versions).containsExactly(0, 1);
    assertThat(store.merge(job, update)).as("a straggler's delivery after the job's end").isEmpty();
    assertThat(method.dc(0).versions).containsExactly(0, 1);

    Job next = new Job(8, 0, new Container(1, ContainerType.referenceTypes().get(0)), 0, 1, 0, 1, sent, 0);
    assertThat(store.merge(next, update)).isPresent();
    store.ended(next, true, 9); // nothing older in flight: the floor passes both
    AgentRecord after = store.read(0);
    assertThat(after.floor()).isEqualTo(9);
    assertThat(after.ended()).as("below the floor nothing is recorded").isEmpty();
    assertThat(store.merge(job, update)).as("job 7, below the floor").isEmpty();
    assertThat(store.merge(next, update)).as("job 8, below the floor").isEmpty();
    assertThat(method.dc(0).versions).as("planet 0 merged job 8 once").containsExactly(1, 1);
  }

  /**
   * The engine's context, except that reading the faults (as a dispatch does first, to see whether
   * its data center is up) first runs {@code onDispatch}.
   */
  private static AgentContext dispatching(AgentContext c, Runnable onDispatch) {
    return new AgentContext() {
      @Override
      public double now() {
        return c.now();
      }

      @Override
      public FlSetup setup() {
        return c.setup();
      }

      @Override
      public Faults faults() {
        onDispatch.run();
        return c.faults();
      }

      @Override
      public int samples(int owner) {
        return c.samples(owner);
      }

      @Override
      public double priorTime(Container ct, int dc, int aggregator) {
        return c.priorTime(ct, dc, aggregator);
      }

      @Override
      public void dispatch(int dc, Container ct, int slot, long base, float[] model, int aggregator) {}

      @Override
      public boolean send(int src, int dst, Map<String, String> header, float[] model, Timer undelivered) {
        return false;
      }

      @Override
      public void at(double time, Timer t) {}

      @Override
      public void signal(Timer t) {}
    };
  }

  @Test
  void anOperationThatReentersItsOwnAgentOrLosesItsCompareAndSetFailsLoudly() {
    Engine e = new Engine(setup(), "nebulafl", p -> {});
    AgentStore[] store = new AgentStore[1];
    AgentContext reentering = dispatching(e.context(), () -> store[0].start(0));
    store[0] = new AgentStore(reentering, "nebulafl", "reenter");
    new NebulaFl(reentering).keepIn(store[0]);
    assertThatThrownBy(() -> store[0].start(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fl agent 0").hasMessageContaining("fl/reenter/nebulafl/0")
        .hasMessageContaining("re-entered by the start");

    AgentStore[] racy = new AgentStore[1];
    AgentContext writing = dispatching(e.context(), () -> {
      String key = racy[0].key(0);
      Versioned v = racy[0].store(0).get(key).orElseThrow();
      racy[0].store(0).compareAndSet(key, v.version(), v.value()); // another writer
    });
    racy[0] = new AgentStore(writing, "nebulafl", "racy");
    new NebulaFl(writing).keepIn(racy[0]);
    assertThatThrownBy(() -> racy[0].start(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fl agent 0").hasMessageContaining("'fl/racy/nebulafl/0' changed during the start");
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.toByteArray();
  }
}
