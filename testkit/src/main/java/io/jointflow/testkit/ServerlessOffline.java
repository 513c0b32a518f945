package io.jointflow.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A serverless-offline process of its own for a test: the AWS Lambda {@code Invoke} API on a free
 * port of 127.0.0.1, serving the Node functions (or {@code java17} functions, run through its {@code
 * JAVA_OFFLINE_SERVER} hook) that the test defines. It writes a {@code serverless.yml} and the
 * handlers into a fresh temporary directory, starts {@code osls offline start} in a process group of
 * its own ({@code setsid}), waits until it prints that it is listening, and on {@link #close()} kills
 * the whole group by its id.
 *
 * <pre>{@code
 * try (ServerlessOffline sls = ServerlessOffline.builder("demo")
 *     .node("echo", "exports.handler = async (event) => event;")
 *     .start()) {
 *   LambdaClient c = ... endpointOverride(sls.endpoint()) ...;   // functions are demo-dev-echo
 * }
 * }</pre>
 *
 * <p>serverless-offline is looked up in {@code $JOINTFLOW_SERVERLESS_OFFLINE}, else {@code
 * ~/.jointflow/serverless-offline} (where {@code .ci/install/serverless-offline.sh} puts it); without
 * it {@link Builder#start()} fails (never skips) naming the install command. Function names are
 * {@code <service>-dev-<function>}, as on AWS with the Serverless Framework.
 */
public final class ServerlessOffline implements AutoCloseable {
  /** How to install serverless-offline, for the failure when it is missing. */
  public static final String INSTALL = "bash .ci/install/serverless-offline.sh (npm install osls@4.3.1"
      + " serverless-offline@14.8.2 into ~/.jointflow/serverless-offline; needs node and npm)";
  private static final Set<ServerlessOffline> RUNNING = ServerProcess.closedOnExit("serverless-offline-reaper",
      ServerlessOffline::close);

  private final String service;
  private final Path dir;
  private final int port;
  private final Process process;
  private final List<String> log;

  private ServerlessOffline(String service, Path dir, int port, Process process, List<String> log) {
    this.service = service;
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts a definition of a service (its name prefixes every function's Lambda name). */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  /** The Lambda API endpoint, {@code http://127.0.0.1:PORT}, for the SDK's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The Lambda name of function {@code function}: {@code <service>-dev-<function>}. */
  public String functionName(String function) {
    return service + "-dev-" + function;
  }

  /** {@code <service>-dev-}: what goes before a function's name, e.g. as an aws-lambda {@code function-prefix}. */
  public String functionPrefix() {
    return service + "-dev-";
  }

  /** The directory with {@code serverless.yml} and the handlers. */
  public Path dir() {
    return dir;
  }

  /** The process id of serverless-offline, also the id of its process group. */
  public long pid() {
    return process.pid();
  }

  /** The last 500 lines it printed (stdout and stderr), for a failure message. */
  public String log() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  /**
   * Kills its process group (SIGKILL), waits for the process to exit and deletes its directory (the
   * {@code node_modules} link, not what it points to). Idempotent.
   */
  @Override
  public void close() {
    RUNNING.remove(this);
    if (!process.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).inheritIO().start()
          .waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (IOException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly); // no kill(1): the same, one by one
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    try {
      process.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ServerProcess.deleteTree(dir); // does not follow the node_modules link
  }

  /** The install folder: {@code $JOINTFLOW_SERVERLESS_OFFLINE} or {@code ~/.jointflow/serverless-offline}. */
  static Path installDir() {
    String env = System.getenv("JOINTFLOW_SERVERLESS_OFFLINE");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".jointflow",
        "serverless-offline");
  }

  /** Defines the functions and starts the process. Not thread safe. */
  public static final class Builder {
    private final String service;
    private final Map<String, String> functions = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> processEnvironment = new LinkedHashMap<>();
    private String artifact;
    private int lambdaPort;

    private Builder(String service) {
      if (!service.matches("[a-z][a-z0-9]*")) {
        throw new IllegalArgumentException("service name '" + service + "' must be lower-case letters and digits");
      }
      this.service = service;
    }

    /**
     * A Node.js 20 function whose module source (CommonJS) exports {@code handler}, e.g. {@code
     * exports.handler = async (event) => event;}.
     */
    public Builder node(String name, String source) {
      functions.put(name, "{handler: " + name + ".handler, runtime: nodejs20.x}");
      files.put(name + ".js", source);
      return this;
    }

    /**
     * A {@code java17} function of the service's jar ({@link #artifact}), handler {@code
     * Class::method}. serverless-offline hands its invocations to the Java server on port {@code
     * JAVA_OFFLINE_SERVER} of the {@link #processEnvironment}.
     */
    public Builder java(String name, String handler) {
      functions.put(name, "{handler: '" + handler + "', runtime: java17}");
      return this;
    }

    /** The deployment package of the Java functions. */
    public Builder artifact(Path jar) {
      this.artifact = jar.toAbsolutePath().toString();
      return this;
    }

    /**
     * Serves the Lambda API on this port of 127.0.0.1 instead of a free one (when the endpoint must
     * be known before the start, e.g. in a clouds file packaged into a function's jar).
     */
    public Builder lambdaPort(int port) {
      this.lambdaPort = port;
      return this;
    }

    /** An environment variable of every function ({@code provider.environment}). */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** An environment variable of the serverless-offline process itself. */
    public Builder processEnvironment(String name, String value) {
      processEnvironment.put(name, value);
      return this;
    }

    /**
     * Writes the service into a temporary directory, starts serverless-offline and waits until it
     * listens.
     *
     * @throws IllegalStateException if it is not installed (naming {@link #INSTALL}) or does not start
     *     (with its output)
     */
    public ServerlessOffline start() {
      Path home = installDir();
      Path cli = home.resolve("node_modules/osls/bin/serverless.js");
      if (!Files.isRegularFile(cli) || !Files.isDirectory(home.resolve("node_modules/serverless-offline"))) {
        throw new IllegalStateException("serverless-offline is not installed in " + home + " (no " + cli
            + "); the aws-lambda tests start their own: install it with " + INSTALL);
      }
      try {
        Path dir = Files.createTempDirectory("jointflow-sls-");
        Files.createSymbolicLink(dir.resolve("node_modules"), home.resolve("node_modules"));
        for (Map.Entry<String, String> f : files.entrySet()) {
          Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        int port = lambdaPort > 0 ? lambdaPort : freePort();
        Files.writeString(dir.resolve("serverless.yml"), yaml(port));
        ProcessBuilder pb = new ProcessBuilder("setsid", "node", cli.toString(), "offline", "start")
            .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SLS_TELEMETRY_DISABLED", "1");
        pb.environment().put("SLS_NOTIFICATIONS_MODE", "off");
        pb.environment().put("AWS_ACCESS_KEY_ID", "x");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "x");
        pb.environment().putAll(processEnvironment);
        Process p = pb.start();
        List<String> log = new ArrayList<>();
        ServerlessOffline sls = new ServerlessOffline(service, dir, port, p, log);
        RUNNING.add(sls);
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofPlatform().daemon().name("serverless-offline-" + port).start(() -> pump(p, log, listening));
        boolean up = listening.await(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS) && p.isAlive();
        if (!up) {
          sls.close();
          throw new IllegalStateException("serverless-offline did not start listening on 127.0.0.1:" + port + " in "
              + dir + "; its output:\n" + sls.log());
        }
        return sls;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start serverless-offline", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting serverless-offline", e);
      }
    }

    private String yaml(int port) throws IOException {
      StringBuilder y = new StringBuilder();
      y.append("service: ").append(service).append('\n');
      // Lambda's longest timeout: the default (6 s) runs out under load, and serverless-offline
      // 14.8.2 then dies of the unhandled timeout of an asynchronous invocation.
      y.append("provider:\n  name: aws\n  region: us-east-1\n  stage: dev\n  timeout: 900\n");
      if (!environment.isEmpty()) {
        y.append("  environment:\n");
        environment.forEach((k, v) -> y.append("    ").append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
      }
      if (artifact != null) {
        y.append("package:\n  artifact: '").append(artifact).append("'\n");
      }
      y.append("functions:\n");
      functions.forEach((name, def) -> y.append("  ").append(name).append(": ").append(def).append('\n'));
      y.append("plugins: [serverless-offline]\n");
      // Only the Lambda API is used; the other servers start only for events this file has none of,
      // but get free ports anyway so that nothing ever meets a default port in use.
      y.append("custom:\n  serverless-offline: {host: 127.0.0.1, lambdaPort: ").append(port)
          .append(", httpPort: ").append(freePort()).append(", websocketPort: ").append(freePort())
          .append(", albPort: ").append(freePort()).append("}\n");
      return y.toString();
    }

    private static void pump(Process p, List<String> log, CountDownLatch listening) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.add(line);
            if (log.size() > 500) {
              log.remove(0); // the last lines tell why it failed; every invocation prints one
            }
          }
          if (line.contains("[http for lambda] listening on")) {
            listening.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        listening.countDown(); // the caller sees it is dead
      }
    }
  }

  /** A free port of 127.0.0.1 (free when asked: another process may take it before it is used). */
  public static int freePort() {
    return ServerProcess.freePort();
  }
}
