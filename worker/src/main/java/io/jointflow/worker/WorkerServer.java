package io.jointflow.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jointflow.app.Names;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.Environment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The HTTP end of the wire: accepts signed invocations for this worker's functions and hands them to
 * a sink (in production the worker host's execute method), at most each function's concurrency at
 * once; also serves {@code /health} and {@code /metrics}. A worker may serve several apps: an
 * envelope is routed by its app and function, and one for an app it does not serve is refused. The protocol is in {@code
 * docs/worker-protocol.md}.
 *
 * <p>An invocation is answered 202 once its envelope is queued for the sink; from then on it runs at
 * least once while the process lives (a crash loses the queue, and the sweeper re-invokes what it
 * lost). Lifecycle: {@link #start()}, then {@link #shutdown()} (new invocations get 503, accepted
 * ones keep running) and {@link #awaitTermination}, or just {@link #close()}. Sinks run on the
 * environment's executor; requests on a virtual thread each. Thread safe.
 */
public final class WorkerServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkerServer.class.getName());

  private enum State { NEW, RUNNING, SHUTTING_DOWN, CLOSED }

  private final WorkerOptions options;
  private final RequestSigner signer;
  private final ServedFunctions served;
  private final PrometheusMeterRegistry registry;
  private final Dispatch dispatch;
  private final WorkerMetrics metrics;
  private final OncePerIntervalLog events;
  private final Environment env;
  private final Object lock = new Object();
  private volatile State state = State.NEW;
  private HttpServer http;
  private ExecutorService requests;

  private WorkerServer(Builder b) {
    this.options = b.options;
    this.signer = b.signer;
    this.env = b.env;
    this.served = new ServedFunctions(b.functions);
    this.registry = b.registry != null ? b.registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.events = new OncePerIntervalLog(LOG, env, options.rejectionLogInterval());
    this.dispatch = new Dispatch(env.executor(), b.sink, served.concurrency(), options.maxPending(), events);
    this.metrics = new WorkerMetrics(registry, options.cloud(), dispatch::pending);
  }

  /** A builder; environment, signer, sink and at least one function are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the address and starts serving.
   *
   * @throws IllegalStateException if already started or closed
   * @throws JointflowException if the address cannot be bound
   */
  public void start() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("worker server '" + options.cloud() + "' cannot start: it is "
            + (state == State.RUNNING ? "already running" : "shut down; create a new one"));
      }
      try {
        http = HttpServers.create(new InetSocketAddress(options.host(), options.port()), 0);
      } catch (IOException e) {
        throw new JointflowException("worker server '" + options.cloud() + "' cannot listen on "
            + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
      }
      requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jointflow-worker-", 0).factory());
      http.setExecutor(requests);
      http.createContext(InvokeHandler.PREFIX, new InvokeHandler(signer, served, dispatch, metrics,
          events, env, () -> state == State.RUNNING, options.cloud(), options.maxBodyBytes()));
      http.createContext("/health", this::health);
      http.createContext("/metrics", this::metrics);
      http.createContext("/", ex -> reply(ex, 404, HttpReplies.outcome(404, "not-found", "no such endpoint")));
      http.start();
      state = State.RUNNING;
    }
  }

  /**
   * The base URI of this worker, e.g. {@code http://127.0.0.1:41234}, for a {@link WorkerBackend}.
   *
   * @throws IllegalStateException if not started
   */
  public URI uri() {
    synchronized (lock) {
      if (http == null) {
        throw new IllegalStateException("worker server '" + options.cloud() + "' is not started: no address yet");
      }
      InetSocketAddress a = http.getAddress();
      String host = a.getAddress().getHostAddress();
      return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }
  }

  /** Stops accepting invocations (they get 503); accepted ones keep running. Idempotent. */
  public void shutdown() {
    synchronized (lock) {
      if (state == State.RUNNING || state == State.NEW) {
        state = state == State.NEW ? State.CLOSED : State.SHUTTING_DOWN;
      }
    }
  }

  /**
   * Waits until every accepted invocation has returned from the sink.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitTermination(Duration timeout) {
    return dispatch.awaitIdle(timeout);
  }

  /**
   * Shuts down, waits up to the shutdown grace for accepted invocations, then closes the socket
   * (later connections are refused). Idempotent.
   */
  @Override
  public void close() {
    shutdown();
    if (!awaitTermination(options.shutdownGrace())) {
      LOG.log(System.Logger.Level.WARNING, "worker server '" + options.cloud() + "' closed with "
          + dispatch.pending() + " accepted invocations unfinished; the sweeper re-invokes them");
    }
    synchronized (lock) {
      state = State.CLOSED;
      if (http != null) {
        http.stop(0);
        requests.close();
        http = null;
      }
    }
  }

  /** The registry of the worker's meters; the runtime may add its own (store calls, failovers, …). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The names of the functions this worker serves, of any of its apps, sorted. */
  public Set<String> functions() {
    return served.functionNames();
  }

  /**
   * The apps this worker serves by name, each with its functions' names, sorted; functions added
   * without an app ({@link Builder#function(String, int)}) are in no app's list.
   */
  public Map<String, Set<String>> apps() {
    Map<String, Set<String>> out = new TreeMap<>();
    served.byApp().forEach((app, fs) -> out.put(app, Set.copyOf(fs)));
    return out;
  }

  /** Accepted invocations that have not returned from the sink yet. */
  public int inFlight() {
    return dispatch.pending();
  }

  private void health(HttpExchange ex) throws IOException {
    if (!ex.getRequestURI().getRawPath().equals("/health")) {
      reply(ex, 404, HttpReplies.outcome(404, "not-found", "no such endpoint"));
      return;
    }
    boolean up = state == State.RUNNING;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "ok" : "shutting-down");
    body.put("cloud", options.cloud());
    body.put("functions", served.functionNames());
    if (!served.apps().isEmpty()) {
      body.put("apps", served.byApp());
    }
    body.put("inFlight", dispatch.pending());
    reply(ex, up ? 200 : 503, body);
  }

  private void metrics(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getRawPath().equals("/metrics")) {
        HttpReplies.json(ex, 404, HttpReplies.outcome(404, "not-found", "no such endpoint"));
      } else if (!ex.getRequestMethod().equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET");
        HttpReplies.json(ex, 405, HttpReplies.outcome(405, "method-not-allowed", "use GET"));
      } else {
        HttpReplies.text(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    }
  }

  private static void reply(HttpExchange ex, int status, Object body) throws IOException {
    try (ex) {
      if (status != 404 && !ex.getRequestMethod().equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET");
        HttpReplies.json(ex, 405, HttpReplies.outcome(405, "method-not-allowed", "use GET"));
      } else {
        HttpReplies.json(ex, status, body);
      }
    }
  }

  /** Builds a {@link WorkerServer}. */
  public static final class Builder {
    private Environment env;
    private RequestSigner signer;
    private Consumer<Envelope> sink;
    private WorkerOptions options = WorkerOptions.defaults();
    private PrometheusMeterRegistry registry;
    private final Map<ServedFunctions.Key, Integer> functions = new LinkedHashMap<>();

    private Builder() {}

    /** Time for the metrics and the log; its executor runs the sink. */
    public Builder environment(Environment env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** Verifies requests; share its key with the hosts that invoke this worker. */
    public Builder signer(RequestSigner signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    /** Receives every accepted envelope; must not throw (the host's execute method). */
    public Builder sink(Consumer<Envelope> sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Serves {@code function} for the envelopes of every app, running at most {@code concurrency}
     * invocations of it at once (0 for unlimited). Invocations of functions not added get 404.
     */
    public Builder function(String function, int concurrency) {
      return add(ServedFunctions.ANY_APP, function, concurrency);
    }

    /**
     * Serves {@code app}'s {@code function}, running at most {@code concurrency} invocations of it
     * at once (0 for unlimited); another app's function of the same name has limits of its own.
     * Invocations of functions not added get 404 {@code unknown-function}, envelopes of apps that
     * have no function here 404 {@code unknown-app}.
     */
    public Builder function(String app, String function, int concurrency) {
      Names.checkName("app", app);
      return add(app, function, concurrency);
    }

    private Builder add(String app, String function, int concurrency) {
      Names.checkName("function", function);
      if (concurrency < 0) {
        throw new JointflowException("function '" + function + "' concurrency must not be negative: " + concurrency);
      }
      functions.put(new ServedFunctions.Key(app, function), concurrency);
      return this;
    }

    /** Address, limits and timeouts; {@link WorkerOptions#defaults()} if not set. */
    public Builder options(WorkerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The registry to add the worker's meters to; a new one if not set. */
    public Builder registry(PrometheusMeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The server, not started.
     *
     * @throws IllegalStateException naming what is missing
     */
    public WorkerServer build() {
      if (env == null || signer == null || sink == null) {
        throw new IllegalStateException("worker server needs " + (env == null ? "an environment"
            : signer == null ? "a signer" : "a sink") + " (builder().environment(...).signer(...).sink(...))");
      }
      if (functions.isEmpty()) {
        throw new IllegalStateException("worker server '" + options.cloud() + "' serves no function: add one with function(name, concurrency)");
      }
      return new WorkerServer(this);
    }
  }
}
