package io.jointflow.core;

import io.jointflow.app.FunctionSpec;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjRef;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The function-side wrapper (DESIGN section 3): unwraps an envelope, reuses the instance's output
 * checkpoint or runs the handler, then hands the outcome to {@link Steps}, which writes the
 * checkpoint (put-if-absent; a loser adopts the winner's) with the rest of the step's records,
 * evaluates the triggers, invokes the successors and completes the run when the instance is the
 * app's result function.
 */
final class Wrapper {
  private static final System.Logger LOG = System.getLogger(Wrapper.class.getName());

  private final Host host;

  Wrapper(Host host) {
    this.host = host;
  }

  /**
   * What an instance produced: its objects (in emission order) and its result; {@code replayed}
   * when they come from an output checkpoint written by an earlier (or concurrent) execution,
   * else (exactly-once) the {@code checkpoint} still to be written.
   */
  record Outcome(List<LiveObj> objects, byte[] result, long bytesIn, long bytesOut, boolean replayed,
      Records.OutputRecord checkpoint) {}

  /** Where a step run by {@link #executeNow} leaves its retry, instead of on a timer. */
  private static final class Inline {
    Envelope next;
    long delayMillis;
  }

  private static final ThreadLocal<Inline> INLINE = new ThreadLocal<>();

  /**
   * Runs one invocation on the calling thread until its step is done: committed (or failed, or
   * found done before), with any retry the handler or an unreachable store calls for made here,
   * after its backoff, instead of on a timer that a frozen FaaS instance would not run. Never throws.
   */
  void executeNow(Envelope env, String cloud) {
    Inline slot = new Inline();
    Inline outer = INLINE.get();
    INLINE.set(slot);
    try {
      for (Envelope e = env; e != null; ) {
        slot.next = null;
        execute(e, cloud);
        e = slot.next;
        if (e != null) {
          host.env().sleep(java.time.Duration.ofMillis(slot.delayMillis));
        }
      }
    } finally {
      if (outer == null) {
        INLINE.remove();
      } else {
        INLINE.set(outer);
      }
    }
  }

  /** Retries {@code next} after {@code delayMillis}: inline under {@link #executeNow}, else on a timer. */
  private void retryLater(long delayMillis, Envelope next) {
    Inline slot = INLINE.get();
    if (slot != null) {
      slot.next = next;
      slot.delayMillis = delayMillis;
      return;
    }
    host.schedule(java.time.Duration.ofMillis(delayMillis), () -> host.dispatcher().invoke(next));
  }

  /** Runs one invocation to completion on the local cloud; never throws. */
  void execute(Envelope env) {
    execute(env, Topology.LOCAL);
  }

  /** Runs one invocation, delivered by {@code cloud}'s backend, to completion; never throws. */
  void execute(Envelope env, String cloud) {
    if (host.emulator() != null) {
      Emulator.in(cloud, env.instanceId(), () -> run(env, cloud));
    } else {
      run(env, cloud);
    }
  }

  private void run(Envelope env, String cloud) {
    boolean fresh = host.fresh().remove(env.instanceId()) && env.attempt() == 0;
    AppRuntime app = host.app(env.app());
    if (app == null) {
      LOG.log(Level.WARNING, "invocation of ''{0}'' for app ''{1}'' dropped: the app is not deployed on this host",
          env.function(), env.app());
      return;
    }
    RunState run = host.runState(app, env.runId());
    if (run == null) {
      return; // unknown here: collected, or an ephemeral run whose state is gone
    }
    try {
      execute(app, run, env, fresh, cloud);
    } finally {
      if (run.executed() && run.status().terminal()) {
        host.outcomes().release(run);
      }
    }
  }

  private void execute(AppRuntime app, RunState run, Envelope env, boolean fresh, String cloud) {
    if (run.status() == RunStatus.FAILED || run.status() == RunStatus.CANCELLED) {
      return; // a failed or cancelled run keeps its pending records for resume
    }
    if (host.inFlight().merge(env.instanceId(), 1, Integer::sum) > 1 && env.attempt() == 0) {
      host.inFlight().merge(env.instanceId(), -1, (a, b) -> a + b == 0 ? null : a + b);
      return; // the same instance is already executing here: a duplicate delivery
    }
    run.started();
    long t0 = host.env().nanoTime();
    Outcome out = null;
    try {
      host.reruns().started(app, env);
      out = outcome(app, run, env, fresh, cloud);
      if (out == null) {
        return; // failed; retried or recorded
      }
      run.completed(env.function(), host.env().nanoTime() - t0, out.bytesIn(), out.bytesOut());
      host.steps().complete(app, run, env, out);
      host.storeWaits().remove(env.instanceId());
    } catch (TerminalException e) {
      host.outcomes().failRun(run, env, "function '" + env.function() + "' instance " + env.instanceId() + ": " + e.getMessage());
    } catch (StoreException e) {
      if (e.retryable()) {
        waitForStore(app, run, env, e, out);
      } else {
        retryOrFail(app, run, env, e);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "instance " + env.instanceId() + " of '" + env.function() + "' failed inside the runtime", e);
      host.outcomes().failRun(run, env, "function '" + env.function() + "' instance " + env.instanceId()
          + " failed inside the runtime: " + e);
    } finally {
      host.reruns().ended(env);
      host.inFlight().merge(env.instanceId(), -1, (a, b) -> a + b == 0 ? null : a + b);
      run.ended();
    }
  }

  /**
   * The instance's outcome: from its output checkpoint, or by running the handler; null if it
   * failed. A {@code fresh} instance (just recorded by its producer's step, see {@link Host#fresh})
   * has no checkpoint to read; should a duplicate have written one meanwhile, the step's
   * put-if-absent finds it and forwards it.
   */
  private Outcome outcome(AppRuntime app, RunState run, Envelope env, boolean fresh, String cloud) {
    StoreWait waiting = host.storeWaits().get(env.instanceId());
    Outcome held = waiting == null ? null : waiting.held.getAndSet(null);
    if (held != null) {
      return held; // its handler ran before the store went away: it does not run again
    }
    String outKey = Keys.output(env.app(), env.runId(), env.instanceId());
    if (app.exactlyOnce() && !fresh) {
      Optional<Versioned> stored = host.topology().home(app, env.function()).state().get(outKey);
      if (stored.isPresent()) {
        return fromRecord(stored.get());
      }
    }
    FunctionSpec fn = app.function(env.function());
    List<ObjRef> refs = Payloads.unpack(env.inputs(), this::resolve);
    List<Obj> inputs = new ArrayList<>(refs.size());
    long bytesIn = 0;
    for (ObjRef r : refs) {
      LiveObj o = resolve(r);
      inputs.add(o);
      bytesIn += Math.max(0, r.info().size());
    }
    CallContext call = new CallContext(fn, env, cloud, List.copyOf(inputs), host.options().maxObjectBytes(),
        app.exactlyOnce());
    RuntimeObserver observer = host.observer();
    observer.handlerStarted(app.name(), fn.name(), cloud);
    long started = host.env().currentTimeMillis();
    long t0 = host.env().nanoTime();
    Object result;
    try {
      result = app.handler(fn.name()).handle(call);
    } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
      observer.handlerEnded(app.name(), fn.name(), cloud, failsRun(fn, env, e) ? RuntimeObserver.Outcome.FAILED_TERMINAL
          : RuntimeObserver.Outcome.FAILED_RETRYABLE, host.env().nanoTime() - t0, bytesIn, 0);
      retryOrFail(app, run, env, e);
      return null;
    }
    long handlerNanos = host.env().nanoTime() - t0;
    List<LiveObj> objects = call.seal();
    byte[] resultBytes;
    try {
      resultBytes = env.function().equals(app.app().result()) ? encodeResult(fn, result) : null;
    } catch (TerminalException e) {
      observer.handlerEnded(app.name(), fn.name(), cloud, RuntimeObserver.Outcome.FAILED_TERMINAL, handlerNanos, bytesIn, 0);
      throw e;
    }
    long bytesOut = 0;
    for (LiveObj o : objects) {
      bytesOut += o.isEncoded() ? o.size() : 0;
    }
    observer.handlerEnded(app.name(), fn.name(), cloud, RuntimeObserver.Outcome.SUCCEEDED, handlerNanos, bytesIn, bytesOut);
    if (!app.exactlyOnce()) {
      return new Outcome(objects, resultBytes, bytesIn, bytesOut, false, null);
    }
    spill(app, env, objects);
    long nanos = host.env().nanoTime() - t0;
    Pricing.Billed billed = Pricing.of(host.topology().cloud(cloud).spec(), fn, nanos);
    var record = new Records.OutputRecord(fn.name(), env.attempt(),
        objects.stream().map(o -> StoredObj.of(o.durableRef())).toList(), resultBytes, started,
        host.env().currentTimeMillis(), nanos, bytesIn, bytesOut, cloud,
        env.deadlineMillis() - fn.timeout().toMillis(), host.startedCold(env.instanceId(), env.attempt()),
        billed.memory(), billed.nanos(), billed.cost(), fresh ? 0 : 1, 0, 0, 0, 0);
    return new Outcome(objects, resultBytes, bytesIn, bytesOut, false, record);
  }

  /** The outcome of the execution whose checkpoint won a race: its outputs are forwarded, never ours. */
  Outcome adopt(AppRuntime app, String function, String outKey) {
    return fromRecord(host.topology().home(app, function).state().get(outKey).orElseThrow(() -> new StoreException(
        "output checkpoint '" + outKey + "' vanished after a conflicting write", null, true)));
  }

  /**
   * Objects above the inline threshold go to the blob store of the function's home cloud, under a key
   * unique to this execution.
   */
  private void spill(AppRuntime app, Envelope env, List<LiveObj> objects) {
    Topology.Cloud home = host.topology().home(app, env.function());
    String nonce = null;
    for (int i = 0; i < objects.size(); i++) {
      LiveObj o = objects.get(i);
      if (o.blobKey() == null && o.size() > host.options().inlineThreshold()) {
        if (nonce == null) {
          byte[] b = new byte[6];
          host.env().random().nextBytes(b);
          nonce = HexFormat.of().formatHex(b);
        }
        String key = Keys.blobsOfRun(env.app(), env.runId()) + env.instanceId() + "/" + nonce + "/" + i;
        home.blobs().putIfAbsent(key, o.encoded());
        o.storedAt(home.name(), key);
      }
    }
  }

  private Outcome fromRecord(Versioned v) {
    Records.OutputRecord rec = Json.read(v.value(), Records.OutputRecord.class);
    List<LiveObj> objects = new ArrayList<>(rec.objects().size());
    for (StoredObj s : rec.objects()) {
      objects.add(resolve(s.toRef()));
    }
    return new Outcome(objects, rec.result(), rec.bytesIn(), rec.bytesOut(), true, null);
  }

  /** An input reference as an object: live on this host, inline bytes, or fetched lazily from blobs. */
  LiveObj resolve(ObjRef r) {
    return switch (r) {
      case ObjRef.Local l -> (LiveObj) l.obj();
      case ObjRef.Inline in -> LiveObj.of(in.info(), java.nio.ByteBuffer.wrap(in.bytes()));
      case ObjRef.Stored st -> LiveObj.stored(st.info(), st.store(), st.blobKey(),
          () -> host.topology().blobs(st.store()).get(st.blobKey()).orElseThrow(() -> new TerminalException(
              "object '" + st.info().id() + "' is missing from blob store '" + st.store() + "' (key "
                  + st.blobKey() + "); was the run garbage collected?")));
    };
  }

  /** The run's result: an object's bytes, raw values as is, anything else as JSON. */
  private static byte[] encodeResult(FunctionSpec fn, Object result) {
    if (result == null) {
      return null;
    }
    if (result instanceof Obj o) {
      return o.bytes();
    }
    try {
      return Json.toArray(Json.encodeValue(result));
    } catch (RuntimeException e) {
      throw new TerminalException("function '" + fn.name() + "' returned a result that cannot be stored: " + e.getMessage());
    }
  }

  /**
   * An instance waiting for a state store: since when, how often it retried, and its handler's
   * outcome if the handler ran before a store call failed, which the retry on this host then
   * commits instead of running the handler again.
   */
  static final class StoreWait {
    final long since;
    int retries;
    final java.util.concurrent.atomic.AtomicReference<Outcome> held = new java.util.concurrent.atomic.AtomicReference<>();

    StoreWait(long since) {
      this.since = since;
    }
  }

  /**
   * A state store did not answer (an outage, a lost connection): the step is not at fault, so it is
   * tried again with growing pauses, without using up its attempts, until the store answers or has
   * not for longer than the function's timeout; then the run fails, naming the store. If its
   * handler already ran ({@code out}), the retry commits that outcome rather than running it again.
   */
  private void waitForStore(AppRuntime app, RunState run, Envelope env, StoreException e, Outcome out) {
    FunctionSpec fn = app.function(env.function());
    long now = host.env().currentTimeMillis();
    StoreWait outage = host.storeWaits().computeIfAbsent(env.instanceId(), k -> new StoreWait(now));
    if (out != null) {
      outage.held.set(out);
    }
    if (now - outage.since > fn.timeout().toMillis()) {
      host.storeWaits().remove(env.instanceId());
      host.outcomes().failRun(run, env, "function '" + env.function() + "' instance " + env.instanceId()
          + " waited longer than its timeout " + fn.timeout() + " for a state store: " + e.getMessage());
      return;
    }
    long delay = host.retryDelayMillis(outage.retries++);
    if (outage.retries == 1) {
      LOG.log(Level.INFO, "function ''{0}'' instance {1} waits for a state store (retrying every {2} ms at most {3}): {4}",
          env.function(), env.instanceId(), delay, host.options().maxRetryBackoff().toMillis(), e.getMessage());
    }
    retryLater(delay, env);
  }

  /** Whether a failure {@code e} of this attempt fails the run rather than being retried. */
  private static boolean failsRun(FunctionSpec fn, Envelope env, Throwable e) {
    return terminal(e) || env.attempt() + 1 >= fn.maxAttempts();
  }

  private static boolean terminal(Throwable e) {
    return e instanceof TerminalException || (e instanceof StoreException se && !se.retryable());
  }

  private void retryOrFail(AppRuntime app, RunState run, Envelope env, Throwable e) {
    FunctionSpec fn = app.function(env.function());
    boolean terminal = terminal(e);
    if (failsRun(fn, env, e)) {
      String how = terminal ? "failed" : "failed after " + (env.attempt() + 1) + " attempt" + (env.attempt() == 0 ? "" : "s");
      host.outcomes().failRun(run, env, "function '" + env.function() + "' instance " + env.instanceId() + " " + how + ": " + describe(e));
      return;
    }
    long delay = host.retryDelayMillis(env.attempt());
    LOG.log(Level.DEBUG, "function ''{0}'' instance {1} attempt {2} failed, retrying in {3} ms: {4}",
        env.function(), env.instanceId(), env.attempt() + 1, delay, describe(e));
    Envelope next = env.retry(env.attempt() + 1, host.env().currentTimeMillis() + delay + fn.timeout().toMillis());
    retryLater(delay, next);
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return e instanceof TerminalException ? String.valueOf(m)
        : e.getClass().getName() + (m == null ? "" : ": " + m);
  }
}
