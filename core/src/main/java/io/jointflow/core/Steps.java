package io.jointflow.core;

import io.jointflow.app.TriggerSpec;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.WriteOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What happens after a handler returned (DESIGN sections 3 and 4): the step's triggers are
 * evaluated, its records written, its successors invoked and, for the result function, its run
 * completed.
 *
 * <p>An exactly-once step writes everything it produced in one atomic batch: its output checkpoint,
 * the max-fires counters and the invocation (pending) records of its successors, the deletion of its
 * own pending record and, for the result function, the run record's change. That is one durable
 * commit per step. A step that feeds stateful triggers needs their set positions first, and the
 * sets must only ever hold the objects of the one execution whose checkpoint won; such a step
 * writes its checkpoint with the firings of its stateless triggers and invokes those (they need not
 * wait for the arrivals, which may cross to another cloud), adds its objects to the sets
 * (idempotent, single-key atomic operations) and then writes the rest in one batch: still two
 * writes, as when the checkpoint went alone.
 *
 * <p>A step whose firings would exceed a trigger's max-fires writes none of them and invokes none of
 * its successors; the run fails. The exception is a step that also feeds stateful triggers: when a
 * stateful trigger's firings exceed its bound, the stateless successors were already invoked (the
 * run fails all the same). A replayed step (its checkpoint was already there: a recovery, a
 * resume, a duplicate delivery, the loser of a race) records each firing only if the successor has
 * neither a pending record nor an output checkpoint, so every firing is recorded and counted once.
 * A replay whose own pending record is gone does nothing: the batch that deleted it wrote all the
 * step's records.
 */
final class Steps {
  private final Host host;

  Steps(Host host) {
    this.host = host;
  }

  /** A stateful trigger's arrival, evaluated once the output checkpoint is written. */
  private record Arrival(TriggerSpec trigger, LiveObj object) {}

  /**
   * Evaluates, records and invokes what the step produced.
   *
   * @throws TerminalException when the step's data violate a trigger or a max-fires bound
   */
  void complete(AppRuntime app, RunState run, Envelope env, Wrapper.Outcome out) {
    if (!app.exactlyOnce()) {
      ephemeral(app, run, env, out);
    } else if (out.replayed()) {
      replay(app, run, env, out);
    } else {
      firstExecution(app, run, env, out);
    }
  }

  private void ephemeral(AppRuntime app, RunState run, Envelope env, Wrapper.Outcome out) {
    List<Firing> firings = new ArrayList<>();
    for (LiveObj o : out.objects()) {
      for (TriggerSpec t : app.triggersOn(o.bucket())) {
        firings.addAll(host.triggers().arrive(app, t, o, env.depth()));
      }
    }
    List<WriteOp> bounds = fireCounters(app, firings);
    if (!bounds.isEmpty()) {
      BatchOutcome b = host.ephemeralStore().writeBatch(bounds);
      if (!b.committed()) {
        throw maxFires(app, bounds.get(b.failedIndex()), firings);
      }
    }
    String origin = host.topology().home(app, env.function()).name();
    firings.forEach(f -> host.dispatcher().invoke(host.dispatcher().envelope(app, f, origin)));
    firings.forEach(f -> host.trims().fired(app, f));
    if (env.function().equals(app.app().result())) {
      host.outcomes().completeRun(run, out.result());
    }
  }

  private void firstExecution(AppRuntime app, RunState run, Envelope env, Wrapper.Outcome out) {
    List<Firing> firings = new ArrayList<>();
    List<Arrival> stateful = new ArrayList<>();
    for (LiveObj o : out.objects()) {
      for (TriggerSpec t : app.triggersOn(o.bucket())) {
        if (TriggerEngine.stateless(t)) {
          firings.addAll(host.triggers().arrive(app, t, o, env.depth()));
        } else {
          stateful.add(new Arrival(t, o));
        }
      }
    }
    Topology.Cloud home = host.topology().home(app, env.function());
    String outKey = Keys.output(env.app(), env.runId(), env.instanceId());
    boolean result = env.function().equals(app.app().result());
    byte[] record = Json.write(out.checkpoint().withTraffic(host.topology().cloud(out.checkpoint().cloud()).spec(),
        1 + firings.size() + stateful.size() + 1 + (result ? 2 : 0), egress(app, home, firings, stateful)));
    WriteOp checkpoint = WriteOp.putIfAbsent(outKey, record);
    if (!stateful.isEmpty()) {
      if (!firings.isEmpty() && fitsOneBatch(app, home, firings)) {
        // The stateless successors do not wait for the arrivals, which may cross to another cloud:
        // they are recorded with the checkpoint and invoked first.
        Committed early = commit(app, run, env, home, checkpoint, firings, false, null, host.env().currentTimeMillis(),
            recorded -> invokeAll(app, recorded, home.name()), false);
        if (early == null) {
          replay(app, run, env, host.wrapper().adopt(app, env.function(), outKey));
          return;
        }
        firings.forEach(f -> host.trims().fired(app, f));
        firings = new ArrayList<>();
      } else if (!home.state().putIfAbsent(outKey, record)) {
        replay(app, run, env, host.wrapper().adopt(app, env.function(), outKey));
        return;
      }
      checkpoint = null;
      for (Arrival a : stateful) {
        firings.addAll(host.triggers().arrive(app, a.trigger(), a.object(), env.depth()));
      }
    }
    if (checkpoint == null && firings.isEmpty() && !result) {
      // Arrivals that completed nothing (most branches of a fan-in): the step is done, and a
      // commit for its pending record alone would cost a fsync on the critical path.
      host.cleanup().deleteLater(host.topology().stateOf(env.origin()), ownPending(env));
      return;
    }
    long now = host.env().currentTimeMillis();
    Committed c = commit(app, run, env, home, checkpoint, firings, result, out.result(), now,
        recorded -> invokeAll(app, recorded, home.name()), true);
    if (c == null) {
      replay(app, run, env, host.wrapper().adopt(app, env.function(), outKey));
      return;
    }
    firings.forEach(f -> host.trims().fired(app, f));
    if (result && c.completed()) {
      host.outcomes().finishSucceeded(run, out.result(), now);
    } else if (result) {
      // The run record is in another cloud's store (the entry's): complete it before the step's
      // pending record goes, so that a crash in between is repaired by a replay.
      host.outcomes().completeRun(run, out.result());
    }
    if (!c.ownDeleted()) {
      // Its pending record is in another cloud's store (the producer's), or the firings were
      // recorded one by one because a concurrent replay of this step was recording too.
      host.cleanup().deleteLater(host.topology().stateOf(env.origin()), ownPending(env));
    }
  }

  /**
   * Invokes the successors of recorded firings. Across clouds an invocation waits until its cloud
   * accepted it, a round trip to that cloud, so several are sent at once there (each on its own
   * virtual thread, as code of this step) and the step goes on once all were accepted or refused;
   * in one cloud they are handed over in order, which costs next to nothing.
   */
  private void invokeAll(AppRuntime app, List<Firing> recorded, String origin) {
    if (recorded.size() < 2 || !host.topology().multiCloud()) {
      recorded.forEach(f -> host.dispatcher().invoke(host.dispatcher().envelope(app, f, origin)));
      return;
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>(recorded.size());
    for (Firing f : recorded) {
      Runnable invoke = Emulator.carry(() -> host.dispatcher().invoke(host.dispatcher().envelope(app, f, origin)));
      try {
        sent.add(CompletableFuture.runAsync(invoke, host.env().executor()));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        invoke.run();
      }
    }
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  /**
   * Bytes this step sends to other clouds as far as they are known when its checkpoint is written:
   * the inline inputs of successors placed elsewhere, and objects whose trigger state lives elsewhere.
   */
  private long egress(AppRuntime app, Topology.Cloud home, List<Firing> firings, List<Arrival> stateful) {
    if (!host.topology().multiCloud()) {
      return 0;
    }
    long bytes = 0;
    for (Firing f : firings) {
      if (host.topology().home(app, f.trigger().target()) != home) {
        for (io.jointflow.spi.ObjRef r : f.inputs()) {
          bytes += Payloads.inlineBytes(r);
        }
      }
    }
    for (Arrival a : stateful) {
      if (host.topology().triggerState(app, a.trigger()) != home) {
        bytes += a.object().size();
      }
    }
    return bytes;
  }

  private static String ownPending(Envelope env) {
    return Keys.pending(env.app(), env.runId(), env.instanceId());
  }

  /**
   * What {@link #commit} did: whether the step's own pending record was deleted and the run's
   * completion written with its firings (else they are left to the caller).
   */
  private record Committed(boolean ownDeleted, boolean completed) {
    static final Committed APART = new Committed(false, false);
  }

  /** Operations at the end of the last batch: the own pending record's deletion and the run's completion. */
  private static final int TAIL = 3;
  /**
   * The most operations one batch of a step holds: a wide fan-out is written in several batches,
   * and each batch's firings are invoked as soon as it commits, so that the first successors run
   * while the rest are still being recorded.
   */
  private static final int CHUNK = 256;

  /**
   * Writes the step's records. Usually one batch: the checkpoint, the max-fires counters, the
   * successors' pending records, the deletion of the step's own pending record and, for the result
   * function, the run's completion. A wide fan-out takes several: the first holds the checkpoint and
   * every counter (so a bound failure writes nothing), the other firings follow in concurrent
   * batches that share group commits, and the step's own pending record and the completion go last,
   * once every firing is recorded. Each batch's firings go to {@code recorded} as soon as it commits.
   *
   * @param last whether these are the step's last records: only then do its own pending record's
   *     deletion and the run's completion follow
   * @return null if another execution's checkpoint won (nothing written)
   * @throws TerminalException if a max-fires bound would be exceeded (nothing written)
   */
  private Committed commit(AppRuntime app, RunState run, Envelope env, Topology.Cloud home, WriteOp checkpoint,
      List<Firing> firings, boolean result, byte[] resultBytes, long now, Consumer<List<Firing>> recorded,
      boolean last) {
    StateStore store = home.state();
    // The step's own pending record and its run's record join the batch when they live in the same
    // store (always, with one cloud); otherwise the caller writes them apart. The pending record
    // goes last of all the step's writes: a result step whose run record is elsewhere keeps it
    // until the run is completed there, so that a crash in between is repaired by a replay.
    boolean runHere = !result || host.outcomes().runStore(app) == store;
    boolean ownHere = host.topology().stateOf(env.origin()) == store && runHere;
    List<WriteOp> head = new ArrayList<>();
    // A batch that commits created its successors' pending records (each a put-if-absent), so they
    // cannot have run before: their first execution on this host need not read their own checkpoint.
    // That holds for the firings of stateful triggers too (a fan-in's join), recorded after the
    // checkpoint. (Should their store be down when they commit, the retry commits the outcome their
    // handler produced; were a checkpoint there after all, its put-if-absent makes the step a replay.)
    Consumer<List<Firing>> batched = list -> {
      list.forEach(f -> host.fresh().add(f.instanceId()));
      recorded.accept(list);
    };
    if (checkpoint != null) {
      head.add(checkpoint);
    }
    head.addAll(fireCounters(app, firings));
    List<WriteOp> pendings = new ArrayList<>(firings.size());
    for (Firing f : firings) {
      pendings.add(WriteOp.putIfAbsent(Keys.pending(app.name(), f.runId(), f.instanceId()),
          Json.write(Records.PendingRecord.of(host.dispatcher().envelope(app, f, home.name()), host.hostId()))));
    }
    int room = room(store, head.size());
    int firstEnd = Math.min(pendings.size(), room - head.size() - 1);
    boolean single = firstEnd == pendings.size();
    WriteOp counted = null;
    if (!single && head.size() > (checkpoint != null ? 1 : 0)) {
      // The counters count every firing, but later batches record the rest: a replay must know
      // not to count those again.
      counted = WriteOp.putIfAbsent(Keys.counted(env.app(), env.runId(), env.instanceId()), new byte[0]);
      head.add(counted);
    }
    List<WriteOp> first = new ArrayList<>(head);
    first.addAll(pendings.subList(0, firstEnd));
    int tailAt = first.size();
    if (single && last) {
      first.addAll(tail(run, env, ownHere, result && runHere, resultBytes, now));
    }
    BatchOutcome b = store.writeBatch(first);
    Committed done = !single ? null : last ? new Committed(ownHere, runHere) : Committed.APART;
    if (!b.committed() && b.failedIndex() >= tailAt) {
      // The run record changed meanwhile (a cancel, a resume: this host's version of it is stale) or
      // another completion wrote first: write the rest without the completion, which the caller then
      // does on its own, from the stored record.
      // Its pending record stays until that completion is done.
      first.subList(tailAt, first.size()).clear();
      b = store.writeBatch(first);
      done = Committed.APART;
    }
    if (!b.committed()) {
      WriteOp failed = first.get(b.failedIndex());
      if (failed == checkpoint) {
        return null;
      }
      if (failed instanceof WriteOp.Increment) {
        throw maxFires(app, failed, firings);
      }
      // A successor is recorded already: a concurrent replay of this step records them too.
      if (checkpoint != null && !store.putIfAbsent(checkpoint.key(), ((WriteOp.PutIfAbsent) checkpoint).value())) {
        return null;
      }
      oneByOne(app, home, firings, failed != counted, recorded);
      return Committed.APART;
    }
    batched.accept(firings.subList(0, firstEnd));
    if (single) {
      return done;
    }
    List<CompletableFuture<Void>> rest = new ArrayList<>();
    for (int from = firstEnd; from < pendings.size(); from += room) {
      List<WriteOp> chunk = pendings.subList(from, Math.min(pendings.size(), from + room));
      List<Firing> chunkFirings = firings.subList(from, from + chunk.size());
      rest.add(CompletableFuture.runAsync(() -> {
        if (store.writeBatch(chunk).committed()) {
          batched.accept(chunkFirings);
        } else {
          oneByOne(app, home, chunkFirings, false, recorded); // the first batch counted them
        }
      }, host.env().executor()));
    }
    try {
      CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
    if (!last) {
      return Committed.APART;
    }
    List<WriteOp> tail = tail(run, env, ownHere, result && runHere, resultBytes, now);
    if (tail.isEmpty() || store.writeBatch(tail).committed()) {
      return new Committed(ownHere, runHere);
    }
    return Committed.APART;
  }

  /**
   * Whether a checkpoint and {@code firings} (their counters and pending records) fit in one batch of
   * {@code home}'s store, with room for the step's last writes: then no marker of counted firings is
   * needed, which a later batch of the same step would collide with.
   */
  private static boolean fitsOneBatch(AppRuntime app, Topology.Cloud home, List<Firing> firings) {
    int head = 1 + fireCounters(app, firings).size();
    return firings.size() <= room(home.state(), head) - head - 1;
  }

  /** Operations one batch of a step holds in {@code store}, with room for the tail and at least one firing after a head of {@code head}. */
  private static int room(StateStore store, int head) {
    return Math.max(Math.min(store.maxBatchSize(), CHUNK) - TAIL, head + 2);
  }

  /**
   * The last writes of a step, where they share its store: the deletion of its own pending record
   * and, for the result function, the run's completion.
   */
  private List<WriteOp> tail(RunState run, Envelope env, boolean own, boolean complete, byte[] resultBytes, long now) {
    List<WriteOp> ops = new ArrayList<>(TAIL);
    if (own) {
      ops.add(WriteOp.delete(ownPending(env)));
    }
    if (complete) {
      ops.addAll(host.outcomes().completionOps(run, resultBytes, now));
    }
    return ops;
  }

  /** Records firings one at a time, as a replay does; those recorded go to {@code recorded}. */
  private void oneByOne(AppRuntime app, Topology.Cloud home, List<Firing> firings, boolean count,
      Consumer<List<Firing>> recorded) {
    for (Firing f : firings) {
      if (recordOne(app, home, f, count)) {
        recorded.accept(List.of(f));
      }
    }
  }

  /** Replays a step from its checkpoint: re-derives its firings and records those not yet recorded. */
  private void replay(AppRuntime app, RunState run, Envelope env, Wrapper.Outcome out) {
    StateStore ownStore = host.topology().stateOf(env.origin());
    if (ownStore.get(ownPending(env)).isEmpty()) {
      return; // the step's last batch deleted it: everything the step writes is written
    }
    Topology.Cloud home = host.topology().home(app, env.function());
    List<Firing> firings = new ArrayList<>();
    for (LiveObj o : out.objects()) {
      for (TriggerSpec t : app.triggersOn(o.bucket())) {
        firings.addAll(host.triggers().arrive(app, t, o, env.depth()));
      }
    }
    boolean count = home.state().get(Keys.counted(env.app(), env.runId(), env.instanceId())).isEmpty();
    for (Firing f : firings) {
      if (recordOne(app, home, f, count)) {
        host.dispatcher().invoke(host.dispatcher().envelope(app, f, home.name()));
      }
    }
    firings.forEach(f -> host.trims().fired(app, f));
    if (env.function().equals(app.app().result())) {
      host.outcomes().completeRun(run, out.result());
    }
    // Its pending record goes last: until it is gone, a crash here is repaired by another replay.
    ownStore.delete(ownPending(env));
  }

  /**
   * Records one firing of a step whose home is {@code origin} (exactly-once: its pending record in
   * that cloud's store, unless its successor has a pending record or a checkpoint, i.e. was recorded
   * or even finished) and counts it against its trigger's max-fires if {@code count}; the caller
   * invokes it if this returns true. When the successor's checkpoint lives in another cloud's store
   * it is read first instead of being a condition of the batch: a successor that finishes in between
   * is invoked once more (its checkpoint answers) and counted once more.
   *
   * @throws TerminalException if recording it would exceed its trigger's max-fires
   */
  boolean recordOne(AppRuntime app, Topology.Cloud origin, Firing f, boolean count) {
    StateStore store = app.exactlyOnce() ? origin.state() : host.ephemeralStore();
    List<WriteOp> ops = new ArrayList<>(3);
    if (app.exactlyOnce()) {
      String out = Keys.output(app.name(), f.runId(), f.instanceId());
      StateStore successor = host.topology().home(app, f.trigger().target()).state();
      if (successor == store) {
        ops.add(WriteOp.requireAbsent(out));
      } else if (successor.get(out).isPresent()) {
        return false;
      }
      ops.add(WriteOp.putIfAbsent(Keys.pending(app.name(), f.runId(), f.instanceId()),
          Json.write(Records.PendingRecord.of(host.dispatcher().envelope(app, f, origin.name()), host.hostId()))));
    }
    if (count) {
      ops.addAll(fireCounters(app, List.of(f)));
    }
    BatchOutcome b = store.writeBatch(ops);
    if (!b.committed() && ops.get(b.failedIndex()) instanceof WriteOp.Increment) {
      throw maxFires(app, ops.get(b.failedIndex()), List.of(f));
    }
    return b.committed();
  }

  /** One bounded increment per trigger with max-fires, by the number of its firings in this step. */
  private static List<WriteOp> fireCounters(AppRuntime app, List<Firing> firings) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (Firing f : firings) {
      TriggerSpec t = f.trigger();
      if (t.maxFires() > 0) {
        counts.computeIfAbsent(Keys.fires(app.name(), f.runId(), t.bucket(), t.name()), k -> new long[] {0, t.maxFires()})[0]++;
      }
    }
    List<WriteOp> ops = new ArrayList<>(counts.size());
    counts.forEach((key, c) -> ops.add(WriteOp.increment(key, c[0], c[1])));
    return ops;
  }

  private static TerminalException maxFires(AppRuntime app, WriteOp counter, List<Firing> firings) {
    for (Firing f : firings) {
      TriggerSpec t = f.trigger();
      if (counter.key().equals(Keys.fires(app.name(), f.runId(), t.bucket(), t.name()))) {
        return new TerminalException("trigger '" + t.name() + "' on bucket '" + t.bucket() + "' would fire more than max-fires="
            + t.maxFires() + " times in run " + f.runId() + ", so none of this step's firings ran; raise max-fires or check"
            + " the loop's exit condition");
      }
    }
    return new TerminalException("a max-fires bound was exceeded: " + counter.key());
  }

}
