package io.jointflow.planner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measured per-cloud function profiles of one app, with the runtime's own overheads: the gap between
 * a function's end and its successor's start beyond what the network adds ({@code gaps}, by edge
 * {@code producer>consumer} and the producer's cloud), from a run's start to its entry's start
 * ({@code start}, by the entry's cloud) and from the result function's end to the run's end
 * ({@code end}, by the result's cloud). Times in ms, bytes per run. Made by {@link #fromRuns} from
 * spans; saved and read as JSON ({@link #write}, {@link #read}).
 *
 * @param app the app's name
 * @param functions by function, then cloud
 * @param gaps by edge, then the producer's cloud
 * @param start by the entry's cloud
 * @param end by the result function's cloud
 * @param runs how many runs they were measured from
 */
public record Profiles(String app, Map<String, Map<String, FunctionProfile>> functions,
    Map<String, Map<String, Double>> gaps, Map<String, Double> start, Map<String, Double> end, int runs) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Profiles {
    functions = copy(functions);
    gaps = copy(gaps);
    start = Collections.unmodifiableMap(new LinkedHashMap<>(start));
    end = Collections.unmodifiableMap(new LinkedHashMap<>(end));
  }

  private static <V> Map<String, Map<String, V>> copy(Map<String, Map<String, V>> m) {
    Map<String, Map<String, V>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Profiles learned from finished runs of {@code app} on {@code clouds} (any placement; every
   * function is profiled on the clouds it ran on). Failed runs are skipped.
   *
   * @throws PlanException if no run succeeded
   */
  public static Profiles fromRuns(App app, Clouds clouds, List<RunTrace> runs) {
    return SpanProfiler.profile(AppGraph.of(app), new Net(clouds), runs);
  }

  /** Reads profiles written by {@link #write}. */
  public static Profiles read(Path file) {
    try {
      return JSON.readValue(file.toFile(), Profiles.class);
    } catch (IOException e) {
      throw new PlanException("profiles file '" + file + "' cannot be read: " + e.getMessage()
          + " (write one with jointflow plan ... --save-profiles FILE)", e);
    }
  }

  /** Writes these profiles as JSON. */
  public void write(Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new PlanException("profiles file '" + file + "' cannot be written: " + e.getMessage(), e);
    }
  }

  /**
   * The profile of {@code function} on {@code cloud}: measured, or else estimated from a cloud it was
   * measured on, its times scaled by the ratio of the two sizes' {@code speedup}.
   *
   * @throws PlanException if the function was measured nowhere
   */
  FunctionProfile of(App app, Clouds clouds, String function, String cloud) {
    Map<String, FunctionProfile> byCloud = functions.getOrDefault(function, Map.of());
    FunctionProfile p = byCloud.get(cloud);
    if (p != null) {
      return p;
    }
    Map.Entry<String, FunctionProfile> known = byCloud.entrySet().stream().filter(e -> e.getValue().measured())
        .findFirst().orElseThrow(() -> new PlanException("function '" + function + "' of app '" + app.name()
            + "' has no profile on any cloud: calibrate (jointflow plan without --profiles) or give runs that ran it"));
    double factor = speedup(app, clouds, function, known.getKey()) / speedup(app, clouds, function, cloud);
    return known.getValue().scaled(factor);
  }

  private static double speedup(App app, Clouds clouds, String function, String cloud) {
    String name = app.function(function).profile();
    Profile p = name == null ? null : clouds.cloud(cloud).profiles().get(name);
    return p == null ? 1.0 : p.speedup();
  }

  /** The runtime's gap on an edge when its producer runs on {@code cloud}, in ms. */
  double gap(String from, String to, String cloud) {
    Map<String, Double> byCloud = gaps.get(from + ">" + to);
    if (byCloud != null && byCloud.containsKey(cloud)) {
      return byCloud.get(cloud);
    }
    if (byCloud != null && !byCloud.isEmpty()) {
      return mean(byCloud.values());
    }
    List<Double> all = new ArrayList<>();
    gaps.values().forEach(m -> all.addAll(m.values()));
    return all.isEmpty() ? 0 : median(all);
  }

  double start(String cloud) {
    return start.containsKey(cloud) ? start.get(cloud) : start.isEmpty() ? 0 : mean(start.values());
  }

  double end(String cloud) {
    return end.containsKey(cloud) ? end.get(cloud) : end.isEmpty() ? 0 : mean(end.values());
  }

  static double mean(java.util.Collection<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
