package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent operation is a pure step: its effects are data, applied after its record is stored, in the order recorded. */
class EffectsTest {
  private static FlSetup setup(int dcs) {
    return Setups.digits(dcs, 3, 0.5, Setups.quick().budget(200).hierPeriod(1).build());
  }

  @Test
  void aSendIsAppliedOnlyOnceItsSendersRecordHoldsWhatItsOperationDid() {
    // NebulaFL: the rotation is logged in the same operation that sends it
    Engine neb = new Engine(setup(3), "nebulafl", p -> {});
    List<Effect.Send> rotations = new ArrayList<>();
    neb.watch(e -> {
      if (e instanceof Effect.Send s) {
        NebulaFl.Dc sender = (NebulaFl.Dc) neb.agents().read(s.src()).agent();
        assertThat(sender.sent).as("the sender's stored log").isNotEmpty();
        NebulaFl.Rotation last = sender.sent.getLast();
        assertThat(List.of(last.to(), last.period())).containsExactly(s.dst(), Integer.parseInt(s.header().get("period")));
        assertThat(sender.stellar).as("the stored stellar model is the one sent").containsExactly(s.model());
        rotations.add(s);
      }
    });
    neb.run();
    assertThat(rotations).hasSizeGreaterThan(3);

    // HierFedAvg: an edge uploads at the end of the operation that averaged its round; with two data
    // centers the last upload of a cloud round is answered to its sender, which used to re-enter it
    Engine hier = new Engine(setup(2), "hierfedavg", p -> {});
    List<Effect.Send> uploads = new ArrayList<>();
    hier.watch(e -> {
      if (e instanceof Effect.Send s && s.header().get("kind").equals("edge")) {
        HierFedAvg.Edge sender = (HierFedAvg.Edge) hier.agents().read(s.src()).agent();
        assertThat(sender.edge).as("the stored edge model is the one uploaded").containsExactly(s.model());
        assertThat(sender.rounds).as("the round that ended is stored").isEqualTo(uploads.size() + 1);
        uploads.add(s);
      }
    });
    hier.run();
    assertThat(uploads).hasSizeGreaterThan(2);
  }

  @Test
  void theEffectsOfAnOperationAreAppliedInTheOrderItRecordedThem() {
    // NebulaFL's start: its planets' dispatches, then its first rotation timer; data center by data center
    FlSetup s = setup(2);
    Engine neb = new Engine(s, "nebulafl", p -> {});
    List<Effect> applied = new ArrayList<>();
    neb.watch(applied::add);
    neb.run();
    List<String> expected = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      for (int m = 0; m < s.planets(); m++) {
        expected.add("dispatch " + d + "/" + m);
      }
      expected.add("at " + d + " " + Timer.Kind.ROTATE);
    }
    assertThat(applied.subList(0, expected.size()).stream().map(EffectsTest::describe)).containsExactlyElementsOf(expected);

    // FedAvg: each download is sent right before the job that trains on it
    Engine fedavg = new Engine(s, "fedavg", p -> {});
    List<Effect> hub = new ArrayList<>();
    fedavg.watch(hub::add);
    fedavg.run();
    int downloads = 0;
    for (int i = 0; i < hub.size(); i++) {
      if (hub.get(i) instanceof Effect.Send send) {
        assertThat(hub.get(i + 1)).isInstanceOfSatisfying(Effect.Dispatch.class, d -> {
          assertThat(d.dc()).isEqualTo(send.dst());
          assertThat(d.model()).containsExactly(send.model());
        });
        downloads++;
      }
    }
    assertThat(downloads).isPositive();
  }

  @Test
  void aRotationRefusedOnArrivalLeavesTheSendersLog() {
    Engine e = new Engine(setup(3), "nebulafl", p -> {});
    NebulaFl.Dc dc = new NebulaFl.Dc(e.context(), 0, e.setup().model().initialParameters(1));
    dc.sent.add(new NebulaFl.Rotation(0, 1, 1));
    dc.sent.add(new NebulaFl.Rotation(0, 2, 2));
    dc.onTimer(new Timer(0, Timer.Kind.UNDELIVERED, 1));
    assertThat(dc.sent).containsExactly(new NebulaFl.Rotation(0, 2, 2));
  }

  private static String describe(Effect e) {
    return switch (e) {
      case Effect.Dispatch d -> "dispatch " + d.dc() + "/" + d.slot();
      case Effect.Send x -> "send " + x.src() + ">" + x.dst();
      case Effect.At a -> "at " + a.timer().agent() + " " + a.timer().kind();
      case Effect.Signal g -> "signal " + g.timer().agent() + " " + g.timer().kind();
    };
  }
}
