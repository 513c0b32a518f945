package io.jointflow.worker;

import io.jointflow.app.App;
import io.jointflow.app.FunctionSpec;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Placement;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.Environment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cloud of a clouds file, hosted by this process ({@code jointflow worker}): a Jointflow host
 * for that cloud (its stores from the file, the recovery sweeper running) with one or more apps
 * deployed, a {@link WorkerBackend} for every other cloud whose compute is {@code worker}, and a
 * {@link WorkerServer} that takes the signed invocations other hosts send and hands them to the
 * host. Invocations are routed by their envelope's app and function; the host's sweeper recovers
 * the lost invocations of every app deployed on it.
 *
 * <pre>{@code
 * try (WorkerHost w = WorkerHost.builder().clouds(clouds, "aws")
 *     .app(shout, shoutLoader, "shout.yaml").app(thumbs, thumbsLoader, "thumbs.yaml").build()) {
 *   System.out.println("listening on " + w.uri());
 *   w.awaitClose();
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link Builder#build()} opens and binds everything (or nothing: a failure closes
 * what was opened); {@link #close()} stops accepting invocations (503), lets accepted ones finish,
 * closes the host and its stores, then the socket. Thread safe.
 */
public final class WorkerHost implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkerHost.class.getName());

  private final String cloud;
  private final Jointflow jointflow;
  private final WorkerServer server;
  private final List<AutoCloseable> owned;
  private final Duration shutdownGrace;
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  private final Object lock = new Object();
  private boolean closing;

  private WorkerHost(String cloud, Jointflow jointflow, WorkerServer server, List<AutoCloseable> owned,
      Duration shutdownGrace) {
    this.cloud = cloud;
    this.shutdownGrace = shutdownGrace;
    this.jointflow = jointflow;
    this.server = server;
    this.owned = owned;
  }

  /** A builder; the clouds (with this worker's cloud) and at least one app are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cloud this worker hosts. */
  public String cloud() {
    return cloud;
  }

  /** Where other hosts reach this worker, e.g. {@code http://127.0.0.1:8081}. */
  public URI uri() {
    return server.uri();
  }

  /** The host: runs, spans, failovers (for tests and tools in the same process). */
  public Jointflow jointflow() {
    return jointflow;
  }

  /** The registry behind {@code /metrics}. */
  public PrometheusMeterRegistry registry() {
    return server.registry();
  }

  /** Blocks until {@link #close()} finished (another thread, e.g. a shutdown hook, closes it). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops accepting invocations, waits up to the shutdown grace for accepted ones to be handed to
   * the host, closes the host (which waits for executing instances and closes the stores), then
   * the socket. Idempotent; a second caller waits for the first.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closing) {
        awaitQuietly();
        return;
      }
      closing = true;
    }
    try {
      server.shutdown();
      if (!server.awaitTermination(shutdownGrace)) {
        LOG.log(System.Logger.Level.WARNING, "worker ''{0}'' closes with {1} accepted invocations not handed over;"
            + " the sweeper of another host re-invokes them", cloud, server.inFlight());
      }
      closeAll(List.of(server, jointflow), null); // reverse order: the host first, the socket last
      closeAll(owned, null);
    } finally {
      closed.countDown();
    }
  }

  private void awaitQuietly() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes in reverse order, logging (or adding to {@code failure}) what fails. */
  private static void closeAll(List<? extends AutoCloseable> all, RuntimeException failure) {
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        all.get(i).close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          LOG.log(System.Logger.Level.WARNING, "closing " + all.get(i) + " failed", e);
        }
      }
    }
  }

  /** An app to deploy, the loader of its handler classes and its definition file (or null). */
  private record Hosted(App app, ClassLoader handlers, String source) {
    String file() {
      return source != null ? source : "(an app built in Java)";
    }
  }

  /** Builds and starts a {@link WorkerHost}. */
  public static final class Builder {
    private Clouds clouds;
    private String cloud;
    private final List<Hosted> apps = new ArrayList<>();
    private Integer port;
    private SigningKey key;
    private Environment env;
    private JointflowOptions options = JointflowOptions.defaults();
    private Duration shutdownGrace = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * The clouds file and the cloud this worker hosts.
     *
     * @throws IllegalArgumentException if {@code cloud} is not one of them, naming those there are
     */
    public Builder clouds(Clouds clouds, String cloud) {
      this.clouds = Objects.requireNonNull(clouds, "clouds");
      clouds.cloud(Objects.requireNonNull(cloud, "cloud"));
      this.cloud = cloud;
      return this;
    }

    /**
     * Adds an app whose functions placed on this cloud the worker serves, with its handler classes'
     * loader and its definition file (recorded in runs, or null). Repeatable: a worker serves
     * several apps, whose names must differ ({@link #build()} refuses two of one name).
     */
    public Builder app(App app, ClassLoader handlers, String source) {
      apps.add(new Hosted(Objects.requireNonNull(app, "app"), Objects.requireNonNull(handlers, "handlers"), source));
      return this;
    }

    /** The port to listen on instead of the one in the cloud's {@code url} (0: a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The signing key; by default read from the variable the clouds file's {@code signing.key-env} names. */
    public Builder key(SigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Time, timers and threads; the system's by default (then closed with the worker). */
    public Builder environment(Environment env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** The host's options (sweep interval, lease, ...); {@link JointflowOptions#defaults()} if not set. */
    public Builder options(JointflowOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** How long {@link WorkerHost#close()} waits for accepted invocations; 30 s by default. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * Opens the stores, starts the host and the sweeper, binds the address and starts serving.
     *
     * @throws JointflowException naming what is missing or wrong (the signing key variable, the
     *     cloud's compute, a store that cannot open, an address in use); nothing stays open
     */
    public WorkerHost build() {
      if (clouds == null || apps.isEmpty()) {
        throw new IllegalStateException("worker host needs " + (clouds == null ? "clouds(clouds, cloud)" : "app(app, loader, source)"));
      }
      CloudSpec spec = clouds.cloud(cloud);
      if (spec.compute().type() != ComputeType.WORKER) {
        throw new JointflowException("cloud '" + cloud + "' has compute type '" + spec.compute().type().configName()
            + "', not 'worker': a worker hosts a cloud whose compute is {type: worker, url: http://HOST:PORT}");
      }
      checkDistinctNames(apps);
      Map<String, List<String>> served = new LinkedHashMap<>();
      for (Hosted h : apps) {
        served.put(h.app().name(), served(h.app(), cloud));
      }
      if (served.values().stream().allMatch(List::isEmpty)) {
        App first = apps.get(0).app();
        throw new JointflowException(apps.size() == 1
            ? "app '" + first.name() + "' places no function on cloud '" + cloud
                + "': nothing for this worker to serve (placement: " + Placement.of(first).functions() + ")"
            : "none of apps " + String.join(", ", served.keySet()) + " places a function on cloud '" + cloud
                + "': nothing for this worker to serve");
      }
      SigningKey signingKey = key != null ? key : WorkerClient.key(clouds);
      List<AutoCloseable> owned = new ArrayList<>();
      Jointflow jf = null;
      try {
        Environment environment = env;
        if (environment == null) {
          SystemEnvironment sys = SystemEnvironment.create();
          owned.add(sys);
          environment = sys;
        }
        RequestSigner signer = RequestSigner.create(signingKey, environment, clouds.signing().replayWindow(),
            RequestSigner.DEFAULT_MAX_NONCES);
        // The runtime's meters (per function and cloud) go to the registry behind /metrics too.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        jf = Jointflow.builder()
            .clouds(clouds, cloud, c -> c.name().equals(cloud) ? null : WorkerClient.backend(c, signer))
            .observer(new MicrometerObserver(registry, cloud))
            .environment(environment)
            .options(options)
            .classLoader(apps.get(0).handlers())
            .build();
        for (Hosted h : apps) {
          jf.deploy(h.app(), h.handlers(), h.source());
        }
        URI url = spec.compute().url();
        WorkerOptions wo = WorkerOptions.builder()
            .host(url.getHost())
            .port(port != null ? port : url.getPort() >= 0 ? url.getPort() : defaultPort(url))
            .cloud(cloud)
            .maxBodyBytes(WorkerOptions.bodyLimit(spec.limits().asyncPayload()))
            .shutdownGrace(shutdownGrace)
            .build();
        WorkerServer.Builder sb = WorkerServer.builder().environment(environment).signer(signer)
            .sink(jf::deliver).options(wo)
            .registry(registry);
        for (Hosted h : apps) {
          for (String f : served.get(h.app().name())) {
            FunctionSpec fs = h.app().functions().get(f);
            sb.function(h.app().name(), f, fs.concurrency());
          }
        }
        WorkerServer server = sb.build();
        server.start();
        return new WorkerHost(cloud, jf, server, owned, shutdownGrace);
      } catch (RuntimeException e) {
        if (jf != null) {
          closeAll(List.of(jf), e);
        }
        closeAll(owned, e);
        throw e;
      }
    }

    /** Refuses two apps of one name, naming both files: the envelopes of one could not be told from the other's. */
    private static void checkDistinctNames(List<Hosted> apps) {
      Map<String, Hosted> byName = new HashMap<>();
      for (Hosted h : apps) {
        Hosted before = byName.putIfAbsent(h.app().name(), h);
        if (before != null) {
          throw new JointflowException("app '" + h.app().name() + "' is given twice, by " + before.file() + " and by "
              + h.file() + ": the apps of a worker need distinct names (invocations are routed by app name)");
        }
      }
    }

    private static int defaultPort(URI url) {
      return "https".equals(url.getScheme()) ? 443 : 80;
    }
  }

  /** The functions of {@code app} whose placement includes {@code cloud}; every function of an unplaced app. */
  static List<String> served(App app, String cloud) {
    Placement p = Placement.of(app);
    if (p.isEmbedded()) {
      return List.copyOf(app.functions().keySet());
    }
    List<String> out = new ArrayList<>();
    p.functions().forEach((f, clouds) -> {
      if (clouds.contains(cloud)) {
        out.add(f);
      }
    });
    return out;
  }
}
