package io.jointflow.core;

import io.jointflow.app.App;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BlobStore;
import io.jointflow.spi.BlobStoreProvider;
import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * An embedded Jointflow: deploy apps, start and follow runs, all in this JVM (local backend, a state
 * store, a blob store).
 *
 * <pre>{@code
 * try (Jointflow jf = Jointflow.builder().state("sqlite:state.db").build()) {
 *   jf.deploy(app);
 *   RunInfo done = jf.start("wordcount", Map.of("text", text)).await(Duration.ofMinutes(1));
 * }
 * }</pre>
 *
 * <p>Thread safe. Runs of exactly-once apps survive a crash of the process: another process on the
 * same state store (or this one restarted) takes over their pending invocations once this host's
 * lease expires.
 */
public final class Jointflow implements AutoCloseable {
  private final Host host;
  private final List<AutoCloseable> owned;
  private final ClassLoader loader;

  private Jointflow(Host host, List<AutoCloseable> owned, ClassLoader loader) {
    this.host = host;
    this.owned = owned;
    this.loader = loader;
  }

  /**
   * Runs an invocation that another host sent to this host's cloud (a worker's HTTP server hands
   * accepted envelopes here): it is queued on the local cloud's backend and runs at least once.
   *
   * @throws io.jointflow.spi.BackendException if the backend is closed or refuses it
   * @throws JointflowException if this host runs none of its cloud's functions (a client of workers)
   */
  public void deliver(io.jointflow.spi.Envelope envelope) {
    if (!host.runsLocal()) {
      throw new JointflowException("host of cloud '" + cloud() + "' runs none of its functions (it reaches them through a"
          + " backend), so it cannot take invocation " + envelope.instanceId() + ": deliver it to that cloud's worker");
    }
    host.topology().local().backend().invokeAsync(envelope.function(), envelope);
  }

  /**
   * Runs an invocation of this host's cloud on the calling thread until its step is done, for a
   * FaaS entry point (a Lambda handler) whose instance may be frozen once it returns: the handler
   * runs (or its output checkpoint is reused), the step's records are committed, its successors are
   * invoked through their clouds' backends (this cloud's own too, so a Lambda function invokes the
   * next one through Lambda), and the pending records it leaves are deleted. A handler failure
   * that is retried is retried here, after its backoff, up to the function's attempts; one that
   * fails the run is recorded. Unlike {@link #deliver}, it works on a host whose own cloud is
   * reached through a backend.
   *
   * @throws JointflowException if the envelope's app is not deployed on this host
   */
  public void execute(io.jointflow.spi.Envelope envelope) {
    requireApp(envelope.app());
    host.wrapper().executeNow(envelope, cloud());
    host.cleanup().flush();
  }

  /** The name of the cloud this host belongs to ({@code local} when embedded with one cloud). */
  public String cloud() {
    return host.topology().local().name();
  }

  /** Invocations this host sent to another cloud than their function's primary (failovers). */
  public long failoverCount() {
    return host.failover().failovers();
  }

  /** Starts a configuration: by default an in-memory state store and blobs in a temporary directory. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Deploys an app whose handlers are given as instances or loadable from this class's loader.
   *
   * @throws io.jointflow.app.InvalidAppException if a handler class cannot be loaded or created
   */
  public Jointflow deploy(App app) {
    return deploy(app, loader, null);
  }

  /**
   * Deploys an app, loading handler classes from {@code handlers}; {@code source} (a file name, or
   * null) is recorded in its runs so that another process can resume them.
   */
  public Jointflow deploy(App app, ClassLoader handlers, String source) {
    host.deploy(AppRuntime.create(app, handlers, source));
    return this;
  }

  /** Starts a run of a deployed app with input objects (key to value: bytes, text or any JSON-able value). */
  public RunHandle start(String app, Map<String, ?> inputs) {
    return start(app, null, inputs);
  }

  /**
   * Starts a run with a chosen id. Starting an existing exactly-once run with the same inputs is a
   * no-op that returns it (so a start can be retried safely).
   *
   * @throws JointflowException if the app is not deployed, an input is invalid or too large
   */
  public RunHandle start(String app, String runId, Map<String, ?> inputs) {
    AppRuntime rt = requireApp(app);
    return new RunHandle(host, host.lifecycle().start(rt, runId, inputs, rt.source()));
  }

  /** A handle to an existing run. */
  public RunHandle run(String runId) {
    host.lifecycle().status(runId);
    return new RunHandle(host, runId);
  }

  /** All runs: recorded ones (exactly-once) and this host's ephemeral ones, newest first. */
  public List<RunInfo> runs() {
    return host.lifecycle().list();
  }

  /**
   * Resumes a failed, cancelled or stuck run: re-invokes its pending instances (attempts reset).
   *
   * @throws JointflowException if the run does not exist, already succeeded, or its app is not deployed
   */
  public RunHandle resume(String runId) {
    host.lifecycle().resume(runId);
    return new RunHandle(host, runId);
  }

  /** Runs the recovery sweep now (normally it runs every sweep interval). */
  public void sweep() {
    host.sweeper().sweep();
  }

  /** The host, for tests in this package. */
  Host host() {
    return host;
  }

  /** This host's id. */
  public String hostId() {
    return host.hostId();
  }

  private AppRuntime requireApp(String app) {
    AppRuntime rt = host.app(app);
    if (rt == null) {
      throw new JointflowException("app '" + app + "' is not deployed; deploy it first");
    }
    return rt;
  }

  /**
   * Stops timers and the sweeper, waits up to 10 s for executing instances, releases this host's
   * lease and closes what the builder opened.
   */
  @Override
  public void close() {
    host.close(java.time.Duration.ofSeconds(10));
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        System.getLogger(Jointflow.class.getName()).log(System.Logger.Level.WARNING, "close failed", e);
      }
    }
  }

  /** Configures an embedded Jointflow. */
  public static final class Builder {
    private String stateSpec = "memory";
    private StateStore state;
    private String blobSpec;
    private BlobStore blobs;
    private Environment environment;
    private JointflowOptions options = JointflowOptions.defaults();
    private ClassLoader loader = Jointflow.class.getClassLoader();
    private java.util.function.UnaryOperator<io.jointflow.spi.ComputeBackend> decorator = b -> b;
    private final List<Host.CloudSetup> clouds = new ArrayList<>();
    private String localCloud;
    private boolean client;
    private Emulation emulation = Emulation.none();
    private io.jointflow.cloud.Clouds cloudsFile;
    private java.util.function.Function<io.jointflow.cloud.CloudSpec, io.jointflow.spi.ComputeBackend> remote = c -> null;
    private RuntimeObserver observer = RuntimeObserver.NONE;
    private Emulation.Observer emulationObserver;

    private Builder() {}

    /**
     * Who hears this host's handler executions, state store calls and failovers (for meters);
     * default {@link RuntimeObserver#NONE}, which costs nothing. What it throws is caught and
     * logged once.
     */
    public Builder observer(RuntimeObserver observer) {
      this.observer = java.util.Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Adds a cloud whose functions run in this process, with its own state and blob stores (opened
     * and closed by the caller): several clouds make one process an in-process multi-cloud host,
     * usually with an {@link #emulation} between them. Without any, the host has one cloud made of
     * {@link #state} and {@link #blobs}.
     */
    public Builder cloud(String name, StateStore state, BlobStore blobs) {
      clouds.add(new Host.CloudSetup(java.util.Objects.requireNonNull(name, "name"),
          java.util.Objects.requireNonNull(state, "state"), java.util.Objects.requireNonNull(blobs, "blobs"), null));
      return this;
    }

    /** Adds a cloud whose functions run elsewhere, reached through {@code backend}. */
    public Builder cloud(String name, StateStore state, BlobStore blobs, io.jointflow.spi.ComputeBackend backend) {
      clouds.add(new Host.CloudSetup(java.util.Objects.requireNonNull(name, "name"),
          java.util.Objects.requireNonNull(state, "state"), java.util.Objects.requireNonNull(blobs, "blobs"),
          java.util.Objects.requireNonNull(backend, "backend")));
      return this;
    }

    /**
     * The clouds of a {@code clouds.yaml}, all run in this process (compute type {@code local}):
     * each cloud's state and blob stores are opened from its specs (and closed with the host), the
     * network, cold starts, payload limits and faults between them are emulated, and each instance's
     * span is priced at its cloud's prices.
     */
    public Builder clouds(io.jointflow.cloud.Clouds clouds) {
      this.cloudsFile = java.util.Objects.requireNonNull(clouds, "clouds");
      return this;
    }

    /**
     * The clouds of a {@code clouds.yaml} for a host that runs one of them, {@code local} (a
     * worker): its functions run in this process; each other cloud's functions are invoked through
     * the backend {@code remote} gives for it (e.g. a worker backend over HTTP), or run here too if
     * it gives {@code null} and the cloud's compute is {@code local}. A worker gives {@code null} for
     * {@code local} itself; a host that gives a backend for it too runs no function of that cloud
     * (a client that starts and follows runs on workers, and sweeps like every host). The emulation
     * applies to the calls this host makes.
     */
    public Builder clouds(io.jointflow.cloud.Clouds clouds, String local,
        java.util.function.Function<io.jointflow.cloud.CloudSpec, io.jointflow.spi.ComputeBackend> remote) {
      this.cloudsFile = java.util.Objects.requireNonNull(clouds, "clouds");
      this.localCloud = java.util.Objects.requireNonNull(local, "local");
      this.remote = java.util.Objects.requireNonNull(remote, "remote");
      clouds.cloud(local);
      return this;
    }

    /**
     * The clouds of a {@code clouds.yaml} for a host that runs none of their functions, such as a
     * cluster's gateway: it starts runs, follows them and reads their spans through each cloud's
     * stores, and invokes every function through the backend {@code remote} gives for its cloud
     * (required for every cloud). It does not sweep for lost invocations; the clouds' own hosts do.
     */
    public Builder client(io.jointflow.cloud.Clouds clouds,
        java.util.function.Function<io.jointflow.cloud.CloudSpec, io.jointflow.spi.ComputeBackend> remote) {
      this.cloudsFile = java.util.Objects.requireNonNull(clouds, "clouds");
      this.remote = java.util.Objects.requireNonNull(remote, "remote");
      this.localCloud = clouds.clouds().keySet().iterator().next();
      this.client = true;
      return this;
    }

    /** The cloud this host belongs to (its sweeps, its unplaced functions); default the first added. */
    public Builder localCloud(String name) {
      this.localCloud = name;
      return this;
    }

    /**
     * Who is told of every delay the emulation applies, whether it was given with {@link #emulation}
     * or comes from a clouds file ({@link #clouds}); benchmarks trace a run's critical path with it.
     */
    public Builder emulationObserver(Emulation.Observer observer) {
      this.emulationObserver = java.util.Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Network delays, cold starts, limits and faults between the clouds; default none. */
    public Builder emulation(Emulation emulation) {
      this.emulation = java.util.Objects.requireNonNull(emulation, "emulation");
      return this;
    }

    /**
     * Wraps the local compute backend, e.g. to emulate a remote cloud or inject faults. The
     * decorator must pass accepted invocations on to the backend it wraps.
     */
    public Builder backendDecorator(java.util.function.UnaryOperator<io.jointflow.spi.ComputeBackend> decorator) {
      this.decorator = java.util.Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    /** The state store as {@code name[:location]}, e.g. {@code memory} or {@code sqlite:state.db}. */
    public Builder state(String spec) {
      this.stateSpec = spec;
      this.state = null;
      return this;
    }

    /** A state store the caller opened (and closes). */
    public Builder stateStore(StateStore store) {
      this.state = store;
      return this;
    }

    /** The blob store as {@code name:location}, e.g. {@code filesystem:blobs}. */
    public Builder blobs(String spec) {
      this.blobSpec = spec;
      this.blobs = null;
      return this;
    }

    /** A blob store the caller opened (and closes). */
    public Builder blobStore(BlobStore store) {
      this.blobs = store;
      return this;
    }

    /** Time, timers, threads and randomness; default the system's. */
    public Builder environment(Environment env) {
      this.environment = env;
      return this;
    }

    /** Runtime options. */
    public Builder options(JointflowOptions options) {
      this.options = options;
      return this;
    }

    /** Where store providers and handler classes are looked up. */
    public Builder classLoader(ClassLoader loader) {
      this.loader = loader;
      return this;
    }

    /**
     * Opens the stores and starts the host.
     *
     * @throws JointflowException naming an unknown store with the known ones, or a store that cannot open
     */
    public Jointflow build() {
      List<AutoCloseable> owned = new ArrayList<>();
      try {
        Environment env = environment;
        if (env == null) {
          SystemEnvironment sys = SystemEnvironment.create();
          owned.add(sys);
          env = sys;
        }
        StateStore durable = state;
        if (cloudsFile != null) {
          for (io.jointflow.cloud.CloudSpec c : cloudsFile.clouds().values()) {
            io.jointflow.spi.ComputeBackend backend = remote.apply(c);
            if (backend == null && !c.compute().type().isEmulated() && !c.name().equals(localCloud)) {
              backend = openCompute(c, env); // a real cloud, through its adapter module
            }
            if (backend == null && client) {
              throw new JointflowException("cloud '" + c.name() + "' has no compute backend for this client host;"
                  + " a client runs no functions, so every cloud needs one (compute type worker with its url)");
            }
            if (backend == null && !c.name().equals(localCloud) && c.compute().type() != io.jointflow.cloud.ComputeType.LOCAL) {
              throw new JointflowException("cloud '" + c.name() + "' has compute type '" + c.compute().type().configName()
                  + "' and no backend reaches it from this host; start its worker and use `jointflow run --clouds` (which connects"
                  + " to the workers the file names), or use type local to emulate it in this process");
            }
            if (backend != null) {
              owned.add(backend);
            }
            StateStore st = openState(c.state(), env);
            owned.add(st);
            BlobStore bs = openBlobs(c.blobs() != null ? c.blobs() : "filesystem:" + tempBlobDir(owned), env);
            owned.add(bs);
            clouds.add(new Host.CloudSetup(c.name(), st, bs, backend, c));
          }
          emulation = CloudsEmulation.of(cloudsFile);
        }
        if (emulationObserver != null) {
          emulation = emulation.withObserver(emulationObserver);
        }
        if (!clouds.isEmpty()) {
          StateStore memory = openState("memory", env);
          owned.add(memory);
          java.util.function.UnaryOperator<io.jointflow.spi.ComputeBackend> deco = decorator;
          Host host = new Host(env, options, List.copyOf(clouds), localCloud != null ? localCloud : clouds.get(0).name(),
              memory, (cloud, b) -> deco.apply(b), emulation, observer);
          if (!client) {
            host.start();
          }
          return new Jointflow(host, owned, loader);
        }
        if (durable == null) {
          durable = openState(stateSpec, env);
          owned.add(durable);
        }
        StateStore memory = openState("memory", env);
        owned.add(memory);
        BlobStore blobStore = blobs;
        if (blobStore == null) {
          String spec = blobSpec;
          if (spec == null) {
            Path dir = defaultBlobDir(owned);
            spec = "filesystem:" + dir;
          }
          blobStore = openBlobs(spec, env);
          owned.add(blobStore);
        }
        Host host = new Host(env, options, List.of(new Host.CloudSetup(Topology.LOCAL, durable, blobStore, null)),
            Topology.LOCAL, memory, (cloud, b) -> decorator.apply(b), emulation, observer);
        host.start();
        return new Jointflow(host, owned, loader);
      } catch (RuntimeException e) {
        for (AutoCloseable c : owned) {
          try {
            c.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    private Path defaultBlobDir(List<AutoCloseable> owned) {
      if (stateSpec != null && stateSpec.startsWith("sqlite:") && state == null) {
        Path db = Path.of(stateSpec.substring("sqlite:".length())).toAbsolutePath();
        return db.resolveSibling(db.getFileName() + ".blobs");
      }
      return tempBlobDir(owned);
    }

    private static Path tempBlobDir(List<AutoCloseable> owned) {
      try {
        Path tmp = Files.createTempDirectory("jointflow-blobs-");
        owned.add(() -> deleteTree(tmp));
        return tmp;
      } catch (IOException e) {
        throw new JointflowException("cannot create a temporary blob directory: " + e.getMessage(), e);
      }
    }

    private io.jointflow.spi.ComputeBackend openCompute(io.jointflow.cloud.CloudSpec c, Environment env) {
      String type = c.compute().type().configName();
      for (io.jointflow.spi.ComputeBackendProvider p : ServiceLoader.load(io.jointflow.spi.ComputeBackendProvider.class, loader)) {
        if (p.type().equals(type)) {
          return p.open(c, env, System::getenv);
        }
      }
      throw new JointflowException("cloud '" + c.name() + "' has compute type '" + type + "', whose adapter is not on"
          + " the class path; add the module that provides it (" + ADAPTERS.getOrDefault(type, "jointflow-" + type) + ")");
    }

    private static final Map<String, String> ADAPTERS = Map.of("aws-lambda", "jointflow-aws-lambda",
        "aliyun-fc", "jointflow-aliyun-fc", "http", "jointflow-worker");

    private StateStore openState(String spec, Environment env) {
      return Jointflow.openState(spec, env, loader);
    }

    private BlobStore openBlobs(String spec, Environment env) {
      String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
      String location = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "";
      List<String> known = new ArrayList<>();
      for (BlobStoreProvider p : ServiceLoader.load(BlobStoreProvider.class, loader)) {
        if (p.name().equals(name)) {
          return p.open(location, env);
        }
        known.add(p.name());
      }
      throw new JointflowException("blob store '" + name + "' is unknown (known: " + String.join(", ", known)
          + "); use e.g. filesystem:DIR");
    }
  }

  /**
   * Opens the state store a spec names ({@code memory}, {@code sqlite:PATH}, {@code redis://...}: the
   * provider's name, then its location after the first colon), as a clouds file's {@code state:}
   * does, with the providers {@code loader} finds.
   *
   * @throws JointflowException if no provider has that name, listing those there are
   */
  public static StateStore openState(String spec, Environment env, ClassLoader loader) {
    String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    String location = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "";
    List<String> known = new ArrayList<>();
    for (StateStoreProvider p : ServiceLoader.load(StateStoreProvider.class, loader)) {
      if (p.name().equals(name)) {
        return p.open(location, env);
      }
      known.add(p.name());
    }
    throw new JointflowException("state store '" + name + "' is unknown (known: " + String.join(", ", known)
        + "); use e.g. memory or sqlite:PATH");
  }

  /** Deletes {@code root} and what is under it; a file another thread deletes meanwhile is no error. */
  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
          throws IOException {
        Files.deleteIfExists(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof java.nio.file.NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }
}
