package io.jointflow.core;

import io.jointflow.app.Names;
import io.jointflow.app.TriggerSpec;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BlobStore;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Entry;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The function-side runtime of one process: deployed apps, the stores, the local backend, the
 * wrapper, the trigger engine, the sweeper and timers, and the runs this process knows about.
 */
final class Host implements TriggerEngine.Context {
  private static final System.Logger LOG = System.getLogger(Host.class.getName());

  private final Environment env;
  private final JointflowOptions options;
  private final String hostId;
  private final StateStore memory;
  private final Topology topology;
  private final boolean runsLocal;
  private final Map<String, AppRuntime> apps = new ConcurrentHashMap<>();
  private final Map<String, RunState> runs = new ConcurrentHashMap<>();
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
  /** The most instances {@link #fresh} remembers. */
  static final int FRESH_LIMIT = 65_536;

  /**
   * Instances this host just recorded in a step batch that also created their producer's checkpoint
   * (or, for an entry, its run's record): they cannot have run before, so their first execution here
   * skips the checkpoint read. An instance that runs in another process (a worker cloud) is never
   * removed here, so the set keeps the newest {@link #FRESH_LIMIT}; an instance dropped from it
   * only reads its checkpoint, as any other.
   */
  private final java.util.Set<String> fresh = java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > FRESH_LIMIT;
        }
      }));
  private final TriggerEngine triggers = new TriggerEngine(this);
  private final Wrapper wrapper = new Wrapper(this);
  private final Dispatcher dispatcher = new Dispatcher(this);
  private final Steps steps = new Steps(this);
  private final Trims trims = new Trims(this);
  private final Cleanup cleanup = new Cleanup(this);
  private final Outcomes outcomes = new Outcomes(this);
  private final Failover failover = new Failover(this);
  /** Applies the emulation between clouds, or null when nothing is emulated. */
  private final Emulator emulator;
  /** Hears handler executions, store calls and failovers; {@link RuntimeObserver#NONE} by default. */
  private final RuntimeObserver observer;
  /** Instances waiting for an unreachable state store: since when (ms) and how many tries. */
  private final Map<String, Wrapper.StoreWait> storeWaits = new ConcurrentHashMap<>();
  /** Instances that started cold under emulation ({@code instanceId@attempt}), for their spans. */
  private final Map<String, Boolean> coldStarts = new ConcurrentHashMap<>();
  private final Reruns reruns = new Reruns(this);
  private final Timers timers = new Timers(this);
  private final Sweeper sweeper = new Sweeper(this);
  private final RunLifecycle lifecycle = new RunLifecycle(this);
  private volatile boolean closed;

  /**
   * A cloud as configured for this host: its stores, and its compute backend, or {@code null} to run
   * its functions in this process (the embedded host; every cloud of an in-process emulation).
   */
  record CloudSetup(String name, StateStore state, BlobStore blobs, ComputeBackend backend,
      io.jointflow.cloud.CloudSpec spec) {
    CloudSetup(String name, StateStore state, BlobStore blobs, ComputeBackend backend) {
      this(name, state, blobs, backend, null);
    }
  }

  Host(Environment env, JointflowOptions options, StateStore durable, StateStore memory, BlobStore blobs,
      java.util.function.UnaryOperator<ComputeBackend> decorator) {
    this(env, options, List.of(new CloudSetup(Topology.LOCAL, durable, blobs, null)), Topology.LOCAL, memory,
        (cloud, b) -> decorator.apply(b), Emulation.none(), RuntimeObserver.NONE);
  }

  /** Whether the local cloud's functions run in this process (false for a client of workers). */
  boolean runsLocal() {
    return runsLocal;
  }

  Host(Environment env, JointflowOptions options, List<CloudSetup> clouds, String local, StateStore memory,
      java.util.function.BiFunction<String, ComputeBackend, ComputeBackend> decorator, Emulation emulation,
      RuntimeObserver observer) {
    this.env = env;
    this.observer = GuardedObserver.of(observer);
    this.options = options;
    this.hostId = options.hostId() != null ? options.hostId() : "host-" + Long.toHexString(env.random().nextLong());
    this.memory = memory;
    this.emulator = emulation.isNone() ? null : new Emulator(emulation, env, local);
    List<Topology.Cloud> built = new ArrayList<>();
    this.runsLocal = clouds.stream().anyMatch(c -> c.name().equals(local) && c.backend() == null);
    for (CloudSetup c : clouds) {
      ComputeBackend backend = c.backend() != null ? c.backend()
          : new LocalBackend(env.executor(), e -> wrapper.execute(e, c.name()),
              e -> Optional.ofNullable(apps.get(e.app())).map(a -> a.app().functions().get(e.function()))
                  .map(f -> f.concurrency()).orElse(1));
      backend = decorator.apply(c.name(), backend);
      StateStore state = c.state();
      if (emulator != null) {
        backend = new EmulatedBackend(backend, c.name(), emulator, coldStarts);
        state = new EmulatedStateStore(state, c.name(), emulator);
      }
      if (this.observer != RuntimeObserver.NONE) {
        state = new ObservedStateStore(state, c.name(), this.observer); // no wrapper, no cost, without one
      }
      built.add(new Topology.Cloud(c.name(), backend, state, c.blobs(), c.spec()));
    }
    this.topology = new Topology(built, local);
  }

  void start() {
    sweeper.start();
  }

  // --- wiring, used by the runtime's parts ---

  Environment env() {
    return env;
  }

  JointflowOptions options() {
    return options;
  }

  String hostId() {
    return hostId;
  }

  /** The local cloud's state store (the only one when embedded). */
  StateStore durable() {
    return topology.local().state();
  }

  Topology topology() {
    return topology;
  }

  /** The in-memory store of ephemeral apps' trigger state. */
  StateStore ephemeralStore() {
    return memory;
  }

  /** The local cloud's blob store. */
  BlobStore blobs() {
    return topology.local().blobs();
  }

  TriggerEngine triggers() {
    return triggers;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  Steps steps() {
    return steps;
  }

  Wrapper wrapper() {
    return wrapper;
  }

  Trims trims() {
    return trims;
  }

  Failover failover() {
    return failover;
  }

  /** Hears handler executions, store calls and failovers (guarded: it never throws). */
  RuntimeObserver observer() {
    return observer;
  }

  Map<String, Wrapper.StoreWait> storeWaits() {
    return storeWaits;
  }

  /** The emulation between clouds, or null. */
  Emulator emulator() {
    return emulator;
  }

  /** Whether instance {@code instanceId} attempt {@code attempt} started cold (once: the note is taken). */
  boolean startedCold(String instanceId, int attempt) {
    return coldStarts.remove(instanceId + "@" + attempt) != null;
  }

  Cleanup cleanup() {
    return cleanup;
  }

  Outcomes outcomes() {
    return outcomes;
  }

  Reruns reruns() {
    return reruns;
  }

  Timers timers() {
    return timers;
  }

  Sweeper sweeper() {
    return sweeper;
  }

  RunLifecycle lifecycle() {
    return lifecycle;
  }

  Map<String, Integer> inFlight() {
    return inFlight;
  }

  java.util.Set<String> fresh() {
    return fresh;
  }

  Map<String, RunState> runs() {
    return runs;
  }

  boolean closed() {
    return closed;
  }

  /**
   * Schedules work on the environment unless this host is closing; a task refused by a closed
   * environment is dropped (its invocation stays pending for recovery).
   */
  Environment.Cancellable schedule(java.time.Duration delay, Runnable task) {
    if (closed) {
      return () -> { };
    }
    try {
      return env.schedule(delay, task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return () -> { };
    }
  }

  /** The retry backoff's delay before retry {@code retries} (0 first): doubling from retryBackoff, capped at maxRetryBackoff. */
  long retryDelayMillis(int retries) {
    return Math.min(options.maxRetryBackoff().toMillis(), options.retryBackoff().toMillis() << Math.min(20, retries));
  }

  AppRuntime app(String name) {
    return apps.get(name);
  }

  /** The apps deployed on this host. */
  java.util.Collection<AppRuntime> apps() {
    return apps.values();
  }

  void deploy(AppRuntime app) {
    apps.put(app.name(), app);
    topology.forget(app.name()); // a redeployed app may place its trigger states elsewhere
  }

  /** Where an app's bound counters and other non-placed state live: memory for ephemeral apps. */
  StateStore store(AppRuntime app) {
    return app.exactlyOnce() ? durable() : memory;
  }

  @Override
  public StateStore store(AppRuntime app, TriggerSpec trigger) {
    return app.exactlyOnce() ? topology.triggerState(app, trigger).state() : memory;
  }

  @Override
  public Map<String, LiveObj> liveObjects(String runId) {
    RunState r = runs.get(runId);
    // A run not live here (ended, or another host's): a replay of one of its steps still evaluates
    // triggers, with nothing to share zero-copy.
    return r != null ? r.objects() : new java.util.concurrent.ConcurrentHashMap<>();
  }

  @Override
  public void ensureTimer(AppRuntime app, TriggerSpec trigger, String runId) {
    timers.ensure(app, trigger, runId);
  }

  void execute(Envelope e) {
    wrapper.execute(e);
  }

  /**
   * This host's state of a run; for an exactly-once run started elsewhere (or before a restart), it
   * is loaded from the run record. Null if the run does not exist (or was collected).
   */
  RunState runState(AppRuntime app, String runId) {
    RunState r = runs.get(runId);
    if (r != null || !app.exactlyOnce()) {
      return r;
    }
    Optional<Versioned> v = outcomes.runStore(app).get(Keys.run(runId));
    if (v.isEmpty()) {
      return null;
    }
    Records.RunRecord rec = Json.read(v.get().value(), Records.RunRecord.class);
    if (rec.collected()) {
      return null;
    }
    RunState loaded = new RunState(app, runId, rec.startedAt());
    loaded.recorded(v.get().version(), rec);
    loaded.adopt(RunStatus.valueOf(rec.status()), rec.result(), rec.failure(), rec.endedAt());
    if (loaded.status().terminal()) {
      return loaded; // a straggler of a finished run: not kept, nothing would release it
    }
    RunState prev = runs.putIfAbsent(runId, loaded);
    return prev != null ? prev : loaded;
  }

  /** Runs {@code task} on another thread (on this one if the executor is closing). */
  void offCriticalPath(Runnable task) {
    try {
      env.executor().execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      task.run();
    }
  }

  /** A stored object as a live one (blobs fetched lazily). */
  LiveObj liveObject(StoredObj s) {
    return wrapper.resolve(s.toRef());
  }

  /** Scans a prefix of every cloud's state store completely (one store when embedded). */
  List<Entry> scanAll(String prefix) {
    List<Entry> all = new ArrayList<>();
    for (StateStore store : stateStores()) {
      all.addAll(scanAll(store, prefix));
    }
    return all;
  }

  /** The distinct state stores of all clouds (clouds may share one). */
  List<StateStore> stateStores() {
    return topology.all().stream().map(Topology.Cloud::state).distinct().toList();
  }

  /** Scans a prefix of one store completely. */
  static List<Entry> scanAll(StateStore store, String prefix) {
    List<Entry> all = new ArrayList<>();
    String after = null;
    while (true) {
      List<Entry> page = store.scan(prefix, after, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      after = page.get(page.size() - 1).key();
    }
  }

  static String checkRunId(String runId) {
    if (!Names.isValidName(runId)) {
      throw new JointflowException("run id '" + runId + "' is invalid: " + Names.NAME_RULE);
    }
    return runId;
  }

  /**
   * Stops taking work, waits up to {@code drain} for executing instances to finish (so they do
   * not meet closed stores), then releases the lease so that other hosts take over at once.
   */
  void close(java.time.Duration drain) {
    closed = true;
    sweeper.stop();
    timers.close();
    topology.all().forEach(c -> c.backend().close());
    long deadline = System.nanoTime() + drain.toNanos();
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!inFlight.isEmpty()) {
      LOG.log(Level.WARNING, "closing with {0} instances still executing; exactly-once ones will be recovered from their pending records",
          inFlight.size());
    }
    for (StateStore store : stateStores()) {
      try {
        store.delete(Keys.host(hostId));
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "host lease not released", e);
      }
    }
  }
}
