package io.jointflow.core;

import io.jointflow.app.Names;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starting, resuming, cancelling and describing runs. */
final class RunLifecycle {
  /** Bucket name of run inputs (not a valid user bucket name). */
  static final String INPUT_BUCKET = "_input";

  private final Host host;

  RunLifecycle(Host host) {
    this.host = host;
  }

  /**
   * Starts a run, or returns the run with that id if it already exists with the same inputs
   * (idempotent start). Bad input is rejected before anything is stored.
   */
  String start(AppRuntime app, String runId, Map<String, ?> inputs, String source) {
    String id = runId != null ? Host.checkRunId(runId) : newRunId();
    if (runId != null) {
      refuseIdOfAnotherApp(app, id);
    }
    long now = host.env().currentTimeMillis();
    List<LiveObj> objs = new ArrayList<>();
    for (var e : inputs.entrySet()) {
      try {
        Names.checkKey(e.getKey());
      } catch (IllegalArgumentException bad) {
        throw new JointflowException("input " + bad.getMessage());
      }
      if (e.getValue() == null) {
        throw new JointflowException("input '" + e.getKey() + "' has no value");
      }
      LiveObj o = new LiveObj(id, INPUT_BUCKET, e.getKey(), Map.of(), List.of(), "input", e.getValue(),
          Json.encodeValue(e.getValue()));
      if (o.size() > host.options().maxObjectBytes()) {
        throw new JointflowException("input '" + e.getKey() + "' is " + o.size()
            + " bytes, above max-object-bytes " + host.options().maxObjectBytes());
      }
      objs.add(o);
    }
    RunState run = new RunState(app, id, now);
    if (app.exactlyOnce()) {
      for (LiveObj o : objs) {
        if (o.size() > host.options().inlineThreshold()) {
          String key = Keys.blobsOfRun(app.name(), id) + INPUT_BUCKET + "/" + o.key();
          Topology.Cloud home = host.topology().runHome(app);
          home.blobs().putIfAbsent(key, o.encoded());
          o.storedAt(home.name(), key);
        }
      }
      var rec = new Records.RunRecord(app.name(), id, RunStatus.RUNNING.name(),
          objs.stream().map(o -> StoredObj.of(o.durableRef())).toList(), now, 0, null, null,
          app.app().mode().configName(), source, 0, false);
      // With the run's record, in one batch where they share a store (they do unless the run's record
      // was placed apart), goes its entry's invocation record: a run just created has never run its
      // entry, which can then skip reading its own checkpoint (as a freshly recorded successor does).
      StateStore runs = host.outcomes().runStore(app);
      Envelope entry = host.dispatcher().entryEnvelope(app, id, objs);
      boolean together = host.topology().stateOf(entry.origin()) == runs;
      BatchOutcome batch = together
          ? runs.writeBatch(List.of(WriteOp.putIfAbsent(Keys.run(id), Json.write(rec)), host.dispatcher().recordOp(entry)))
          : null;
      if (batch != null && batch.committed()) {
        run.recorded(1, rec);
        host.fresh().add(entry.instanceId());
        host.runs().putIfAbsent(id, run);
        host.dispatcher().invoke(entry);
        return id;
      }
      // The run exists (an idempotent start), or its record goes apart, or an invocation record was
      // left without its run's record (the sweeper owns it): one write at a time, as before.
      boolean exists = batch != null && batch.failedIndex() == 0;
      if (!exists && runs.putIfAbsent(Keys.run(id), Json.write(rec))) {
        run.recorded(1, rec);
      } else {
        Records.RunRecord existing = record(id).orElseThrow();
        if (!existing.app().equals(app.name())) {
          throw idTaken(id, existing.app());
        }
        if (!existing.inputs().stream().map(StoredObj::key).sorted().toList()
            .equals(objs.stream().map(LiveObj::key).sorted().toList())) {
          throw new JointflowException("run '" + id + "' already exists with other inputs "
              + existing.inputs().stream().map(StoredObj::key).toList());
        }
        RunState state = host.runState(app, id);
        if (state == null || state.status().terminal()) {
          return id;
        }
        run = state;
        objs = existing.inputs().stream().map(s -> host.liveObject(s)).toList();
      }
    }
    RunState prev = host.runs().putIfAbsent(id, run);
    if (prev != null && prev != run && !app.exactlyOnce()) {
      throw new JointflowException("run '" + id + "' is already running");
    }
    host.dispatcher().dispatchEntry(app, id, objs);
    return id;
  }

  /**
   * Refuses a chosen run id that a run of another app deployed here holds. Run ids are one
   * namespace (a run is looked up by its id alone, and a host keeps its live runs by id), but a
   * run's record goes to its app's run home, whose put-if-absent does not see a run of an app homed
   * in another cloud: that start would go ahead and mix the two runs. Reads only, so a refused start
   * stores nothing. Best effort: a home that is down is not waited for (an outage of another app's
   * cloud does not stop this app's starts), and two hosts starting one id for two apps homed apart
   * at the same moment are not caught.
   */
  private void refuseIdOfAnotherApp(AppRuntime app, String id) {
    RunState live = host.runs().get(id);
    if (live != null && !live.app().name().equals(app.name())) {
      throw idTaken(id, live.app().name());
    }
    StateStore home = app.exactlyOnce() ? host.outcomes().runStore(app) : null; // start checks there itself
    List<StateStore> otherHomes = host.apps().stream().filter(a -> a.exactlyOnce() && !a.name().equals(app.name()))
        .map(a -> host.outcomes().runStore(a)).filter(s -> s != home).distinct().toList();
    for (StateStore store : otherHomes) {
      Optional<Versioned> v;
      try {
        v = store.get(Keys.run(id));
      } catch (io.jointflow.spi.StoreException down) {
        continue;
      }
      String other = v.map(r -> Json.read(r.value(), Records.RunRecord.class).app()).orElse(app.name());
      if (!other.equals(app.name())) {
        throw idTaken(id, other);
      }
    }
  }

  private static JointflowException idTaken(String id, String app) {
    return new JointflowException("run id '" + id + "' is taken by a run of app '" + app + "'");
  }

  private String newRunId() {
    byte[] b = new byte[5];
    host.env().random().nextBytes(b);
    var t = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(host.env().currentTimeMillis()));
    return "r-" + t + "-" + HexFormat.of().formatHex(b);
  }

  Optional<Records.RunRecord> record(String runId) {
    return stored(runId).map(v -> Json.read(v.value(), Records.RunRecord.class));
  }

  /**
   * A run's record: in its app's run store if this host knows the run, else in whichever cloud's
   * store has it (one read when embedded).
   */
  private Optional<Versioned> stored(String runId) {
    RunState known = host.runs().get(runId);
    if (known != null) {
      return host.outcomes().runStore(known.app()).get(Keys.run(runId));
    }
    for (StateStore store : host.stateStores()) {
      Optional<Versioned> v = store.get(Keys.run(runId));
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** Re-invokes a failed, cancelled or stuck run's pending instances. */
  void resume(String runId) {
    Records.RunRecord rec = record(runId).orElseThrow(() -> notFound(runId));
    AppRuntime app = host.app(rec.app());
    if (app == null) {
      throw new JointflowException("run '" + runId + "' belongs to app '" + rec.app()
          + "', which is not deployed here" + (rec.source() == null ? "" : "; its definition was " + rec.source()));
    }
    if (RunStatus.SUCCEEDED.name().equals(rec.status())) {
      throw new JointflowException("run '" + runId + "' already succeeded; nothing to resume");
    }
    host.outcomes().updateRun(app, runId, r -> r.status().equals(RunStatus.RUNNING.name()) ? null
        : new Records.RunRecord(r.app(), r.runId(), RunStatus.RUNNING.name(), r.inputs(), r.startedAt(), 0,
            null, null, r.mode(), r.source(), 0, false));
    RunState run = host.runState(app, runId);
    run.reopen();
    long now = host.env().currentTimeMillis();
    int resumed = 0;
    for (StateStore store : host.stateStores()) {
      for (Entry e : Host.scanAll(store, Keys.pendingOfRun(app.name(), runId))) {
        var p = Json.read(e.value().value(), Records.PendingRecord.class);
        var fn = app.app().functions().get(p.function());
        var claimed = p.claimed(host.hostId(), 0, now + (fn == null ? 60_000 : fn.timeout().toMillis()));
        if (store.compareAndSet(e.key(), e.value().version(), Json.write(claimed))) {
          host.dispatcher().invoke(claimed.envelope());
          resumed++;
        }
      }
    }
    for (Entry e : host.scanAll(Keys.timersOfRun(app.name(), runId))) {
      host.timers().resume(app, Json.read(e.value().value(), Records.TimerRecord.class));
    }
    List<LiveObj> inputs = rec.inputs().stream().map(host::liveObject).toList();
    String entry = Dispatcher.entryInstance(app, runId, inputs.stream().map(LiveObj::id).toList());
    if (resumed == 0 && host.topology().home(app, app.app().entry()).state().get(Keys.output(app.name(), runId, entry)).isEmpty()) {
      // Nothing was pending and the entry never finished: the run stopped before its entry was
      // recorded. (If the entry finished, every finished step deleted its pending record and the
      // run waits on a trigger: replaying steps would change nothing.)
      host.dispatcher().dispatchEntry(app, runId, inputs);
    }
  }

  void cancel(String runId) {
    RunState run = host.runs().get(runId);
    long now = host.env().currentTimeMillis();
    Optional<Records.RunRecord> rec = record(runId);
    if (run == null && rec.isEmpty()) {
      throw notFound(runId);
    }
    if (rec.isPresent()) {
      host.outcomes().updateRun(host.app(rec.get().app()) != null ? host.outcomes().runStore(host.app(rec.get().app())) : host.durable(),
          runId, r -> RunStatus.RUNNING.name().equals(r.status())
          ? r.withStatus(RunStatus.CANCELLED.name(), now, null, "cancelled", 0) : null);
    }
    if (run != null && run.finish(RunStatus.CANCELLED, null, "cancelled", now)) {
      host.outcomes().afterEnd(run);
    }
  }

  static JointflowException notFound(String runId) {
    return new JointflowException("run '" + runId + "' not found (see 'jointflow runs list')");
  }

  /** A snapshot; exactly-once summaries come from the output checkpoints, so they count each instance once. */
  RunInfo info(String runId) {
    Optional<Records.RunRecord> rec = record(runId);
    RunState run = host.runs().get(runId);
    if (rec.isPresent()) {
      Records.RunRecord r = rec.get();
      if (run != null && !run.status().terminal() && RunStatus.valueOf(r.status()).terminal()) {
        run.adopt(RunStatus.valueOf(r.status()), r.result(), r.failure(), r.endedAt());
      }
      return new RunInfo(r.runId(), r.app(), RunStatus.valueOf(r.status()), Instant.ofEpochMilli(r.startedAt()),
          r.endedAt() == 0 ? null : Instant.ofEpochMilli(r.endedAt()), r.result(), r.failure(),
          finishedSummary(r, run), inputSizes(r), r.source());
    }
    if (run == null) {
      RunInfo done = host.outcomes().finished().get(runId);
      if (done != null) {
        return done;
      }
      throw notFound(runId);
    }
    return snapshot(run);
  }

  /** A run known only to this host's memory (ephemeral), as a snapshot. */
  RunInfo snapshot(RunState run) {
    return new RunInfo(run.runId(), run.app().name(), run.status(), Instant.ofEpochMilli(run.startedAt()),
        run.endedAt() == 0 ? null : Instant.ofEpochMilli(run.endedAt()), run.result(), run.failure(),
        run.summary(), Map.of(), run.app().source());
  }

  private static Map<String, Long> inputSizes(Records.RunRecord r) {
    Map<String, Long> out = new LinkedHashMap<>();
    r.inputs().forEach(i -> out.put(i.key(), i.size()));
    return out;
  }

  /**
   * The summary of a recorded run: from its output checkpoints (each instance once), computed once
   * per host when the run is over; while it runs, this host's live counts.
   */
  private List<FunctionSummary> finishedSummary(Records.RunRecord r, RunState run) {
    if (!RunStatus.valueOf(r.status()).terminal()) {
      return run != null ? run.summary() : summaryFromCheckpoints(r.app(), r.runId());
    }
    if (run == null) {
      return summaryFromCheckpoints(r.app(), r.runId());
    }
    return run.finalSummary(() -> summaryFromCheckpoints(r.app(), r.runId()));
  }

  private List<FunctionSummary> summaryFromCheckpoints(String app, String runId) {
    Map<String, long[]> acc = new LinkedHashMap<>();
    AppRuntime rt = host.app(app);
    if (rt != null) {
      rt.app().functions().keySet().forEach(f -> acc.put(f, null));
    }
    for (Entry e : host.scanAll(Keys.outputs(app, runId))) {
      var o = Json.read(e.value().value(), Records.OutputRecord.class);
      long[] a = acc.get(o.function());
      if (a == null) {
        a = new long[4];
        acc.put(o.function(), a);
      }
      a[0]++;
      a[1] += o.nanos();
      a[2] += o.bytesIn();
      a[3] += o.bytesOut();
    }
    List<FunctionSummary> out = new ArrayList<>();
    acc.forEach((f, a) -> {
      if (a != null) {
        out.add(new FunctionSummary(f, a[0], java.time.Duration.ofNanos(a[1]), a[2], a[3]));
      }
    });
    return out;
  }

  /** Every run of the durable store plus this host's ephemeral runs, newest first. */
  List<RunInfo> list() {
    Map<String, RunInfo> all = new HashMap<>();
    for (Entry e : host.scanAll(Keys.runsPrefix())) {
      var r = Json.read(e.value().value(), Records.RunRecord.class);
      all.put(r.runId(), new RunInfo(r.runId(), r.app(), RunStatus.valueOf(r.status()),
          Instant.ofEpochMilli(r.startedAt()), r.endedAt() == 0 ? null : Instant.ofEpochMilli(r.endedAt()),
          r.result(), r.failure(), List.of(), inputSizes(r), r.source()));
    }
    synchronized (host.outcomes().finished()) {
      all.putAll(host.outcomes().finished());
    }
    for (RunState s : host.runs().values()) {
      if (!s.app().exactlyOnce()) {
        all.put(s.runId(), snapshot(s));
      }
    }
    List<RunInfo> out = new ArrayList<>(all.values());
    out.sort((a, b) -> b.startedAt().compareTo(a.startedAt()));
    return out;
  }

  /** The spans of a run's instances, from their checkpoints in every cloud, in the order they were invoked. */
  List<Span> spans(String runId) {
    Records.RunRecord rec = record(runId).orElseThrow(() -> notFound(runId));
    List<Span> out = new ArrayList<>();
    String prefix = Keys.outputs(rec.app(), runId);
    for (Entry e : host.scanAll(prefix)) {
      out.add(Span.of(e.key().substring(prefix.length()), Json.read(e.value().value(), Records.OutputRecord.class)));
    }
    out.sort(java.util.Comparator.comparing(Span::queued).thenComparing(Span::started));
    return out;
  }

  /** Status without the summary (cheap, for polling). */
  RunStatus status(String runId) {
    RunState run = host.runs().get(runId);
    if (run != null && (run.status().terminal() || !run.app().exactlyOnce())) {
      return run.status();
    }
    Optional<Versioned> v = stored(runId);
    if (v.isEmpty()) {
      if (run != null) {
        return run.status();
      }
      RunInfo done = host.outcomes().finished().get(runId);
      if (done != null) {
        return done.status();
      }
      throw notFound(runId);
    }
    return RunStatus.valueOf(Json.read(v.get().value(), Records.RunRecord.class).status());
  }
}
