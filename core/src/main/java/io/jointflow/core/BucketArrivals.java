package io.jointflow.core;

import io.jointflow.spi.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is known about the objects that arrived in the buckets of one run, for triggers that keep no
 * state of their own (by-name) or only for some keys (by-set). An exactly-once run knows every
 * object from its output checkpoints; an ephemeral run records no keys (its hand-off path stays free
 * of bookkeeping) and only knows which functions ran on this host.
 */
final class BucketArrivals {
  private final AppRuntime app;
  private final java.util.function.Function<String, List<Entry>> scanAll;
  private final String runId;
  private final RunState run;
  private Map<String, List<StoredObj>> byBucket;
  private Set<String> ranFromCheckpoints;

  BucketArrivals(AppRuntime app, java.util.function.Function<String, List<Entry>> scanAll, String runId, RunState run) {
    this.app = app;
    this.scanAll = scanAll;
    this.runId = runId;
    this.run = run;
  }

  /** True if the objects of each bucket are known (exactly-once runs). */
  boolean keysKnown() {
    return app.exactlyOnce();
  }

  /** The objects that arrived in {@code bucket}, in no particular order; only if {@link #keysKnown()}. */
  List<StoredObj> in(String bucket) {
    load();
    return byBucket.getOrDefault(bucket, List.of());
  }

  /** True if {@code function} completed at least one instance in this run, as far as is known. */
  boolean ran(String function) {
    if (app.exactlyOnce()) {
      load();
      return ranFromCheckpoints.contains(function);
    }
    return run != null && run.summary().stream().anyMatch(f -> f.function().equals(function) && f.instances() > 0);
  }

  /** The functions that may emit into {@code bucket} and completed an instance in this run. */
  List<String> producersThatRan(String bucket) {
    List<String> out = new ArrayList<>();
    app.app().functions().values().forEach(f -> {
      if (f.outputs().contains(bucket) && ran(f.name())) {
        out.add(f.name());
      }
    });
    return out;
  }

  private void load() {
    if (byBucket != null) {
      return;
    }
    byBucket = new HashMap<>();
    ranFromCheckpoints = new HashSet<>();
    if (!app.exactlyOnce()) {
      return;
    }
    for (Entry e : scanAll.apply(Keys.outputs(app.name(), runId))) {
      Records.OutputRecord out = Json.read(e.value().value(), Records.OutputRecord.class);
      ranFromCheckpoints.add(out.function());
      for (StoredObj o : out.objects()) {
        byBucket.computeIfAbsent(o.bucket(), b -> new ArrayList<>()).add(o);
      }
    }
  }
}
