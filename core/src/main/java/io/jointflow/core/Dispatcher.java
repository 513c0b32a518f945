package io.jointflow.core;

import io.jointflow.app.FunctionSpec;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjRef;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns firings into invocations. In exactly-once apps each invocation is first recorded with a
 * put-if-absent of its pending record (the invocation checkpoint): a recorded successor is never
 * invoked again by a retry of its producer, and the record lets a sweeper re-invoke it if it is lost.
 */
final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
  /** Below this many firings, recording them one after the other is cheaper than fanning out. */
  private static final int PARALLEL_THRESHOLD = 4;

  private final Host host;

  Dispatcher(Host host) {
    this.host = host;
  }

  /**
   * Dispatches every firing; with many, in parallel so that a group-committing store records them in
   * few commits. Returns once all are recorded.
   */
  void dispatchAll(AppRuntime app, List<Firing> firings, boolean replay) {
    if (firings.size() < PARALLEL_THRESHOLD || !app.exactlyOnce()) {
      for (Firing f : firings) {
        dispatch(app, f, replay);
      }
      return;
    }
    List<CompletableFuture<Void>> all = new ArrayList<>(firings.size());
    for (Firing f : firings) {
      all.add(CompletableFuture.runAsync(() -> dispatch(app, f, replay), host.env().executor()));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /**
   * Records (exactly-once) and invokes one firing. A replaying producer skips successors that
   * already completed: their pending record is gone, but their output checkpoint shows it.
   */
  void dispatch(AppRuntime app, Firing f, boolean replay) {
    var t = f.trigger();
    if (replay && app.exactlyOnce()
        && host.durable().get(Keys.output(app.name(), f.runId(), f.instanceId())).isPresent()) {
      return;
    }
    FunctionSpec target = app.function(t.target());
    Envelope e = new Envelope(app.name(), f.runId(), target.name(), f.instanceId(),
        t.bucket() + "/" + t.name(), f.branch(), f.inputs(), 0, f.depth(),
        host.env().currentTimeMillis() + target.timeout().toMillis(), f.runId(), null);
    if (t.maxFires() == 0) {
      dispatch(app, e);
      return;
    }
    // The bound check and the invocation record are independent writes: issue them together so
    // that a group-committing store makes them durable in one commit.
    CompletableFuture<Boolean> recorded = app.exactlyOnce()
        ? CompletableFuture.supplyAsync(() -> record(e), host.env().executor())
        : CompletableFuture.completedFuture(true);
    long n = host.store(app).addToSetAndGet(Keys.fires(app.name(), f.runId(), t.bucket(), t.name()),
        f.instanceId(), new byte[0]).position();
    boolean invoke = join(recorded);
    if (n >= t.maxFires()) {
      throw new TerminalException("trigger '" + t.name() + "' on bucket '" + t.bucket()
          + "' fired more than max-fires=" + t.maxFires() + " times in run " + f.runId()
          + "; raise max-fires or check the loop's exit condition");
    }
    if (invoke) {
      invoke(e);
    }
  }

  private static boolean join(CompletableFuture<Boolean> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** The entry invocation of a run. */
  void dispatchEntry(AppRuntime app, String runId, List<LiveObj> inputs) {
    FunctionSpec entry = app.function(app.app().entry());
    List<ObjRef> refs = inputs.stream().<ObjRef>map(LiveObj::localRef).toList();
    String id = InstanceIds.forInputs(app.name(), runId, entry.name(), "start",
        inputs.stream().map(LiveObj::id).toList());
    dispatch(app, new Envelope(app.name(), runId, entry.name(), id, "start", List.of(), refs, 0, 0,
        host.env().currentTimeMillis() + entry.timeout().toMillis(), runId, null));
  }

  /** Records (exactly-once) and invokes an envelope. */
  void dispatch(AppRuntime app, Envelope e) {
    if (!app.exactlyOnce() || record(e)) {
      invoke(e);
    }
  }

  /**
   * Writes the invocation checkpoint (pending record) unless one exists.
   *
   * @return false if it was recorded before: invoked already, or about to be re-invoked by the sweeper
   */
  private boolean record(Envelope e) {
    byte[] pending = Json.write(Records.PendingRecord.of(e, host.hostId()));
    return host.durable().putIfAbsent(Keys.pending(e.app(), e.runId(), e.instanceId()), pending);
  }

  /**
   * Hands an envelope to the backend. A rejected invocation of an exactly-once app stays recorded
   * and is picked up by the sweeper; an ephemeral one is retried after the backoff.
   */
  void invoke(Envelope e) {
    RunState run = host.runs().get(e.runId());
    if (run != null) {
      run.dispatched();
    }
    try {
      host.backend().invokeAsync(e.function(), e);
    } catch (BackendException ex) {
      if (run != null) {
        run.executed();
      }
      AppRuntime app = host.app(e.app());
      if (host.closed()) {
        LOG.log(Level.DEBUG, "invocation of ''{0}'' dropped: the host is closing", e.function());
        return;
      }
      LOG.log(Level.WARNING, "invocation of ''{0}'' (instance {1}) not accepted: {2}", e.function(),
          e.instanceId(), ex.getMessage());
      if (app != null && !app.exactlyOnce() && ex.retryable()) {
        host.schedule(host.options().retryBackoff(), () -> invoke(e));
      }
    }
  }
}
