package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hierarchical FedAvg hub decides its cloud round from what reached it: it does not wait for a
 * data center whose upload failed, and re-sends a global model that did not arrive.
 */
class HierFedAvgTest {
  /**
   * A context that, like the engine, records an operation's effects and applies them after it, in
   * order: a transfer reaches the destination's agent (an operation whose effects are applied in
   * turn) unless an end is in {@code down} at send time.
   */
  private static final class Scripted implements AgentContext {
    final FlSetup setup = Setups.digits(3, 2, 0.5, Setups.quick().planetsPerDc(1).build());
    final List<Job> jobs = new ArrayList<>();
    final List<String> sent = new ArrayList<>();
    final List<Timer> timers = new ArrayList<>();
    final Set<Integer> down = new HashSet<>();
    /** Data centers whose receiver refuses what is sent to them (what only the transfer reveals). */
    final Set<Integer> refusing = new HashSet<>();
    private List<Effect> recording;
    Method method;

    @Override
    public double now() {
      return 0;
    }

    @Override
    public FlSetup setup() {
      return setup;
    }

    @Override
    public Faults faults() {
      return new Faults(List.of());
    }

    @Override
    public int samples(int owner) {
      return setup.partition()[owner].length;
    }

    @Override
    public double priorTime(Container c, int dc, int aggregator) {
      return 1;
    }

    @Override
    public void dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator) {
      recording.add(new Effect.Dispatch(dc, c, slot, base, model, aggregator));
    }

    @Override
    public boolean send(int src, int dst, Map<String, String> header, float[] model, Timer undelivered) {
      if (down.contains(src) || down.contains(dst)) {
        return false;
      }
      recording.add(new Effect.Send(src, dst, header, model, undelivered));
      return true;
    }

    @Override
    public void at(double time, Timer t) {
      recording.add(new Effect.At(time, t));
    }

    @Override
    public void signal(Timer t) {
      recording.add(new Effect.Signal(t));
    }

    /** Runs one agent operation, then applies its effects in the order it recorded them. */
    void operate(Runnable op) {
      List<Effect> outer = recording;
      recording = new ArrayList<>();
      op.run();
      List<Effect> effects = recording;
      recording = outer;
      for (Effect e : effects) {
        switch (e) {
          case Effect.Dispatch d -> jobs.add(new Job(jobs.size(), d.dc(), d.c(), d.slot(), d.base(), 0, 1, d.model(),
              d.aggregator()));
          case Effect.Send x when refusing.contains(x.dst()) -> {
            if (x.undelivered() != null) {
              operate(() -> method.agent(x.undelivered().agent()).onTimer(x.undelivered()));
            }
          }
          case Effect.Send x -> {
            sent.add(x.src() + ">" + x.dst() + " " + x.header().get("kind"));
            operate(() -> method.agent(x.dst()).received(x.src(), x.header(), x.model().clone()));
          }
          case Effect.At a -> timers.add(a.timer());
          case Effect.Signal g -> operate(() -> method.agent(g.timer().agent()).onTimer(g.timer()));
        }
      }
    }

    /** Data center {@code dc}'s only job of the round returns {@code value} everywhere and ends. */
    void finish(int dc, float value) {
      Job job = jobs.stream().filter(j -> j.dc() == dc).reduce((a, b) -> b).orElseThrow();
      float[] update = new float[job.model().length];
      java.util.Arrays.fill(update, value);
      operate(() -> method.agent(dc).merge(job, update));
      operate(() -> method.agent(dc).ended(job, true));
    }

    long jobsOf(int dc) {
      return jobs.stream().filter(j -> j.dc() == dc).count();
    }

    double weight(int dc) {
      return setup.owners(dc).stream().mapToInt(this::samples).sum();
    }

    float edge(int dc) {
      return ((HierFedAvg.Edge) method.agent(dc)).edge[0];
    }
  }

  private static Scripted started() {
    Scripted s = new Scripted();
    s.method = new HierFedAvg(s);
    s.operate(s.method::start);
    assertThat(s.setup.options().hub()).isZero();
    assertThat(s.jobs).extracting(Job::dc).containsExactly(0, 1, 2);
    return s;
  }

  @Test
  void theHubAveragesWithoutADataCenterWhoseUploadFailed() {
    Scripted s = started();
    s.down.add(1);
    s.finish(1, 2f); // its upload fails: it tells the hub
    s.down.clear();
    s.finish(2, 3f);
    assertThat(s.jobsOf(2)).as("no cloud round before the hub's own edge model").isEqualTo(1);
    s.finish(0, 1f);
    assertThat(s.sent).containsExactly("2>0 edge", "0>2 global");
    float global = (float) ((s.weight(0) * 1 + s.weight(2) * 3) / (s.weight(0) + s.weight(2)));
    assertThat(s.edge(0)).isCloseTo(global, within(1e-5f));
    assertThat(s.edge(2)).isCloseTo(global, within(1e-5f));
    assertThat(s.edge(1)).as("kept its own").isEqualTo(2f);
    assertThat(List.of(s.jobsOf(0), s.jobsOf(1), s.jobsOf(2))).as("next edge rounds").containsExactly(2L, 1L, 2L);
  }

  @Test
  void aGlobalModelThatDidNotArriveIsSentAgain() {
    Scripted s = started();
    s.finish(1, 2f);
    s.finish(2, 3f);
    s.down.add(2); // down when the cloud round ends
    s.finish(0, 1f);
    assertThat(s.sent).containsExactly("1>0 edge", "2>0 edge", "0>1 global");
    assertThat(s.jobsOf(2)).as("waits for the global model").isEqualTo(1);
    assertThat(s.timers).containsExactly(new Timer(0, Timer.Kind.RESEND_GLOBAL, 2));
    s.down.clear();
    s.operate(() -> s.method.agent(0).onTimer(s.timers.get(0)));
    assertThat(s.sent).endsWith("0>2 global");
    assertThat(s.edge(2)).isEqualTo(s.edge(1));
    assertThat(s.jobsOf(2)).isEqualTo(2);
  }

  @Test
  void whatOnlyTheTransferRevealsComesBackToTheSenderLater() {
    Scripted s = started();
    s.refusing.add(0); // the hub refuses data center 1's upload: the hub learns it as a failed upload
    s.finish(1, 2f);
    s.refusing.clear();
    s.finish(2, 3f);
    s.refusing.add(2); // data center 2 refuses the global model: the hub sends it again later
    s.finish(0, 1f);
    assertThat(s.sent).containsExactly("2>0 edge");
    assertThat(s.timers).containsExactly(new Timer(0, Timer.Kind.RESEND_GLOBAL, 2));
    assertThat(s.jobsOf(1)).as("stays idle, as after a failed upload").isEqualTo(1);
    assertThat(s.jobsOf(0)).as("the hub's next round did not wait for data center 1").isEqualTo(2);
    s.refusing.clear();
    s.operate(() -> s.method.agent(0).onTimer(s.timers.get(0)));
    assertThat(s.sent).containsExactly("2>0 edge", "0>2 global");
    assertThat(s.jobsOf(2)).isEqualTo(2);
  }
}
