package io.jointflow.planner;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Limits;
import io.jointflow.cloud.Link;
import io.jointflow.cloud.Prices;
import io.jointflow.cloud.Sizes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic apps, clouds and profiles whose optimum is known. */
final class Synthetic {
  private Synthetic() {}

  /** Two clouds: cpu, and gpu at 3.9x its GB-second price; 1 GB functions; 15 ms apart, 100 MB/s. */
  static Clouds clouds(String egressCpu, String egressGpu) {
    return Clouds.builder()
        .cloud("cpu", c -> c.prices(Prices.builder().perGbSecond(new BigDecimal("0.0000166667"))
            .perMillionRequests(new BigDecimal("0.2")).perGbEgress(new BigDecimal(egressCpu)).build())
            .limits(Limits.builder().memory(Sizes.GB).build()))
        .cloud("gpu", c -> c.prices(Prices.builder().perGbSecond(new BigDecimal("0.000065"))
            .perMillionRequests(new BigDecimal("0.2")).perGbEgress(new BigDecimal(egressGpu)).build())
            .limits(Limits.builder().memory(Sizes.GB).build()))
        .inside(Duration.ofMillis(1))
        .link(Link.between("cpu", "gpu", Duration.ofMillis(15)).withBandwidth(100 * Sizes.MB))
        .build();
  }

  /** A chain f0 -> f1 -> ... of no-op functions. */
  static App chain(int n) {
    App.Builder b = App.builder("chain" + n);
    for (int i = 0; i < n; i++) {
      String next = "b" + i;
      if (i + 1 < n) {
        b.function("f" + i, c -> null, next).bucket(next, k -> k.trigger("t", io.jointflow.app.Trigger.immediate(),
            "f" + (Integer.parseInt(next.substring(1)) + 1)));
      } else {
        b.function("f" + i, c -> null);
      }
    }
    return b.build();
  }

  /** split -> map x width -> join (dynamic join) -> infer. */
  static App fanout() {
    return App.builder("fan")
        .function("split", c -> null, "work", "parts")
        .function("map", c -> null, "parts")
        .function("join", c -> null, "joined")
        .function("infer", c -> null)
        .bucket("work", k -> k.trigger("t", io.jointflow.app.Trigger.immediate(), "map"))
        .bucket("parts", k -> k.trigger("t", io.jointflow.app.Trigger.dynamicJoin(), "join"))
        .bucket("joined", k -> k.trigger("t", io.jointflow.app.Trigger.immediate(), "infer"))
        .build();
  }

  /** A profile: {@code n} instances of {@code ms} each, moving {@code bytes} in and out per run. */
  static FunctionProfile fp(double n, double ms, double bytes) {
    return new FunctionProfile(n, ms, ms, bytes, bytes, 1, 3, 5);
  }

  /** Profiles from {@code function -> {cloud -> profile}}, 2 ms gaps, 1 ms start and end. */
  static Profiles profiles(App app, Map<String, Map<String, FunctionProfile>> functions) {
    Map<String, Map<String, Double>> gaps = new LinkedHashMap<>();
    AppGraph g = AppGraph.of(app);
    for (AppGraph.Edge e : g.edges) {
      gaps.put(g.functions.get(e.from()) + ">" + g.functions.get(e.to()), Map.of("cpu", 2.0, "gpu", 2.0));
    }
    return new Profiles(app.name(), functions, gaps, Map.of("cpu", 1.0, "gpu", 1.0), Map.of("cpu", 1.0, "gpu", 1.0), 5);
  }

  static Map<String, FunctionProfile> on(FunctionProfile cpu, FunctionProfile gpu) {
    Map<String, FunctionProfile> m = new LinkedHashMap<>();
    m.put("cpu", cpu);
    m.put("gpu", gpu);
    return m;
  }

  /** Every assignment of primaries, by brute force. */
  static List<Prediction> all(App app, Clouds clouds, Profiles p) {
    List<String> fs = new ArrayList<>(app.functions().keySet());
    List<String> cs = new ArrayList<>(clouds.clouds().keySet());
    List<Prediction> out = new ArrayList<>();
    int total = (int) Math.pow(cs.size(), fs.size());
    for (int x = 0; x < total; x++) {
      Map<String, List<String>> placement = new LinkedHashMap<>();
      int y = x;
      for (String f : fs) {
        placement.put(f, List.of(cs.get(y % cs.size())));
        y /= cs.size();
      }
      out.add(Planner.predict(app, clouds, p, placement, false));
    }
    return out;
  }
}
