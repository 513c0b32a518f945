package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workloads of the cross-cloud benchmark, with trivial handlers that stamp their start and end:
 * Jointλ's IoT chain (steps alternating between the clouds, a 1 KB payload passed on) and its Monte
 * Carlo fan-out/fan-in shape (split on {@code a}, half of the branches on each cloud, the join on
 * {@code a}).
 */
final class CrossCloudApps {
  static final int PAYLOAD_BYTES = 1024;
  static final String PAYLOAD = "x".repeat(PAYLOAD_BYTES);

  private CrossCloudApps() {}

  /** What the handlers of the run in progress stamped, by instance id; runs are sequential. */
  static final class Stamps {
    final Map<String, CriticalPath.Step> steps = new ConcurrentHashMap<>();
    volatile String last;

    void clear() {
      steps.clear();
      last = null;
    }

    /** Wraps a handler body so that its start and end are stamped. */
    Handler stamped(String function, boolean isLast, Handler body) {
      return c -> {
        long t0 = System.nanoTime();
        Object result = body.handle(c);
        long t1 = System.nanoTime();
        steps.put(c.instanceId(), new CriticalPath.Step(c.instanceId(), function, t0, t1));
        if (isLast) {
          last = c.instanceId();
        }
        return result;
      };
    }
  }

  /** The cloud step {@code i} (from 1) of a chain runs on: odd steps on a, even ones on b. */
  static String cloudOf(int step) {
    return step % 2 == 1 ? TwoClouds.A : TwoClouds.B;
  }

  /**
   * A chain of {@code steps} functions {@code prefix1..prefixN} alternating between the clouds,
   * each passing the 1 KB payload on through an {@code immediate} trigger; the last returns its
   * length. Step {@code failoverStep} (0 for none) is placed on its cloud and then the other.
   */
  static App chain(String prefix, int steps, int failoverStep, Stamps stamps) {
    App.Builder b = App.builder("xchain-" + prefix);
    for (int i = 1; i <= steps; i++) {
      int step = i;
      boolean last = i == steps;
      String name = prefix + i;
      String cloud = cloudOf(i);
      String other = cloud.equals(TwoClouds.A) ? TwoClouds.B : TwoClouds.A;
      b.functionSpec(name, f -> {
        f.placement(step == failoverStep ? new String[] {cloud, other} : new String[] {cloud});
        if (last) {
          f.handler(stamps.stamped(name, true, c -> c.input().text().length()));
        } else {
          f.outputs("b" + step).handler(stamps.stamped(name, false, c -> {
            c.emit("b" + step, "p", c.input().text());
            return null;
          }));
        }
      });
      if (!last) {
        b.bucket("b" + step, k -> k.trigger("t", Trigger.immediate(), prefix + (step + 1)));
      }
    }
    return b.entry(prefix + 1).result(prefix + steps).build();
  }

  /**
   * {@code split} (on a) emits {@code width} objects, alternately for {@code left} (on a) and
   * {@code right} (on b), each through an {@code immediate} trigger; every branch emits a small value
   * into {@code joined}, whose {@code by-batch-size(width)} trigger runs {@code join} (on a), which
   * returns how many it got.
   */
  static App fanOut(int width, Stamps stamps) {
    return App.builder("xfanout")
        .functionSpec("split", f -> f.placement(TwoClouds.A).outputs("wl", "wr").handler(
            stamps.stamped("split", false, c -> {
              for (int i = 0; i < width; i++) {
                c.emit(i % 2 == 0 ? "wl" : "wr", "w" + i, Integer.toString(i));
              }
              return null;
            })))
        .functionSpec("left", f -> f.placement(TwoClouds.A).outputs("joined").handler(stamps.stamped("left", false,
            CrossCloudApps::branch)))
        .functionSpec("right", f -> f.placement(TwoClouds.B).outputs("joined").handler(stamps.stamped("right", false,
            CrossCloudApps::branch)))
        .functionSpec("join", f -> f.placement(TwoClouds.A).handler(stamps.stamped("join", true,
            c -> c.inputs().size())))
        .bucket("wl", k -> k.trigger("t", Trigger.immediate(), "left"))
        .bucket("wr", k -> k.trigger("t", Trigger.immediate(), "right"))
        .bucket("joined", k -> k.trigger("t", Trigger.byBatchSize(width), "join"))
        .entry("split").result("join")
        .build();
  }

  private static Object branch(Call c) {
    c.emit("joined", "r" + c.input().text(), c.input().text());
    return null;
  }
}
