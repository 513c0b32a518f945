package io.jointflow.core;

import io.jointflow.app.FunctionSpec;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjRef;
import io.jointflow.spi.WriteOp;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Turns firings into invocations. In exactly-once apps each invocation is first recorded with a
 * put-if-absent of its pending record (the invocation checkpoint; {@link Steps} writes those of a
 * step in its batch): a recorded successor is never invoked again by a retry of its producer, and
 * the record lets a sweeper re-invoke it if it is lost.
 */
final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final Host host;

  Dispatcher(Host host) {
    this.host = host;
  }

  /** The envelope of a firing's invocation, recorded in cloud {@code origin}'s store. */
  Envelope envelope(AppRuntime app, Firing f, String origin) {
    var t = f.trigger();
    FunctionSpec target = app.function(t.target());
    return new Envelope(app.name(), f.runId(), target.name(), f.instanceId(), t.bucket() + "/" + t.name(),
        f.branch(), f.inputs(), 0, f.depth(), host.env().currentTimeMillis() + target.timeout().toMillis(),
        f.runId(), null, origin);
  }

  /**
   * Records (exactly-once; counting it against max-fires) and invokes one firing outside a step:
   * a by-time window, recorded where its trigger's state lives. Nothing happens if its instance was
   * recorded or finished already.
   */
  void dispatch(AppRuntime app, Firing f) {
    Topology.Cloud origin = host.topology().triggerState(app, f.trigger());
    if (host.steps().recordOne(app, origin, f, true)) {
      invoke(envelope(app, f, origin.name()));
    }
  }

  /** The instance id of a run's entry invocation. */
  static String entryInstance(AppRuntime app, String runId, List<String> inputIds) {
    return InstanceIds.forInputs(app.name(), runId, app.app().entry(), "start", inputIds);
  }

  /** The entry invocation of a run: records (exactly-once) and invokes it. */
  void dispatchEntry(AppRuntime app, String runId, List<LiveObj> inputs) {
    dispatch(app, entryEnvelope(app, runId, inputs));
  }

  /** The envelope of a run's entry invocation; its pending record lives with the run's record. */
  Envelope entryEnvelope(AppRuntime app, String runId, List<LiveObj> inputs) {
    FunctionSpec entry = app.function(app.app().entry());
    List<ObjRef> refs = inputs.stream().<ObjRef>map(LiveObj::localRef).toList();
    String id = entryInstance(app, runId, inputs.stream().map(LiveObj::id).toList());
    return new Envelope(app.name(), runId, entry.name(), id, "start", List.of(), refs, 0, 0,
        host.env().currentTimeMillis() + entry.timeout().toMillis(), runId, null, host.topology().runHome(app).name());
  }

  /** The write that records an envelope's invocation (its pending record), for a caller's batch. */
  WriteOp recordOp(Envelope e) {
    return WriteOp.putIfAbsent(Keys.pending(e.app(), e.runId(), e.instanceId()), pending(e));
  }

  private byte[] pending(Envelope e) {
    return Json.write(Records.PendingRecord.of(e, host.hostId()));
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
    return host.topology().stateOf(e.origin()).putIfAbsent(Keys.pending(e.app(), e.runId(), e.instanceId()), pending(e));
  }

  /**
   * Hands an envelope to the backend. A rejected invocation of an exactly-once app stays recorded:
   * this host tries it again with the retry backoff while its pending record is still its own and
   * before its deadline (a cloud that was unreachable for a moment, a worker restarting), and after
   * that the sweeper reclaims it; an ephemeral one is retried after the backoff.
   */
  void invoke(Envelope e) {
    invoke(e, 0);
  }

  private void invoke(Envelope e, int retries) {
    RunState run = host.runs().get(e.runId());
    if (run != null) {
      run.dispatched();
    }
    try {
      host.failover().invoke(host.app(e.app()), e);
    } catch (BackendException ex) {
      host.fresh().remove(e.instanceId());
      if (run != null) {
        run.executed();
      }
      AppRuntime app = host.app(e.app());
      if (host.closed()) {
        LOG.log(Level.DEBUG, "invocation of ''{0}'' dropped: the host is closing", e.function());
        return;
      }
      if (app == null || !ex.retryable()) {
        LOG.log(Level.WARNING, "invocation of ''{0}'' (instance {1}) not accepted: {2}", e.function(),
            e.instanceId(), ex.getMessage());
        return;
      }
      long delay = host.retryDelayMillis(retries);
      // The first refusal is worth a warning; the retries of one invocation are not, each.
      LOG.log(retries == 0 ? Level.WARNING : Level.DEBUG,
          "invocation of ''{0}'' (instance {1}) not accepted: {2}; trying again in {3} ms", e.function(),
          e.instanceId(), ex.getMessage(), delay);
      if (!app.exactlyOnce()) {
        host.schedule(host.options().retryBackoff(), () -> invoke(e));
        return;
      }
      host.schedule(java.time.Duration.ofMillis(delay), () -> {
        if (!host.closed() && stillOwned(e)) {
          invoke(e, retries + 1);
        }
      });
    }
  }

  /**
   * Whether {@code e}'s pending record is still pending, this host's, at the same attempt and before
   * its deadline: else it completed, failed, or is another host's (or the sweeper's) to invoke.
   */
  private boolean stillOwned(Envelope e) {
    try {
      return host.topology().stateOf(e.origin()).get(Keys.pending(e.app(), e.runId(), e.instanceId()))
          .map(v -> Json.read(v.value(), Records.PendingRecord.class))
          .filter(r -> Records.PendingRecord.PENDING.equals(r.state()) && host.hostId().equals(r.owner())
              && r.attempt() == e.attempt() && r.deadline() > host.env().currentTimeMillis())
          .isPresent();
    } catch (RuntimeException storeDown) {
      // The sweeper reclaims it once the store answers and the deadline passed.
      LOG.log(Level.DEBUG, "invocation of ''{0}'' (instance {1}) not retried: its record cannot be read: {2}",
          e.function(), e.instanceId(), storeDown.getMessage());
      return false;
    }
  }
}
