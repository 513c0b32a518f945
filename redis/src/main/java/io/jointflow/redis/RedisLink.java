package io.jointflow.redis;

import io.jointflow.spi.StoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One Lettuce connection to the server, shared by every thread (Redis pipelines their commands),
 * reopened on the next call after it broke, and the translation of every Lettuce failure into a
 * {@link StoreException} that names the store and endpoint and says whether it is retryable.
 *
 * <p>Lettuce's own reconnection is off on purpose: with it, commands that were sent but not
 * answered when the connection broke are sent again after reconnecting (at-least-once), and a
 * batch or an increment could apply twice. Without it a broken connection fails those commands
 * (their outcome unknown, as the {@code StateStore} contract allows), and the next call connects
 * afresh, at once, without a backoff that could outlast a server restart.
 */
final class RedisLink implements AutoCloseable {
  private final String label;
  private final Duration commandTimeout;
  private final ClientResources resources;
  private final RedisClient client;
  private final ReentrantLock connecting = new ReentrantLock();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile StatefulRedisConnection<byte[], byte[]> connection;
  private boolean closed; // guarded by lifecycle

  private RedisLink(String label, Duration commandTimeout, ClientResources resources, RedisClient client) {
    this.label = label;
    this.commandTimeout = commandTimeout;
    this.resources = resources;
    this.client = client;
  }

  /**
   * Connects and loads the scripts.
   *
   * @throws StoreException if the server cannot be reached or refuses the credentials
   */
  static RedisLink open(String label, RedisLocation location, RedisOptions options) {
    RedisURI.Builder uri = RedisURI.builder()
        .withHost(location.host())
        .withPort(location.port())
        .withDatabase(location.database())
        .withTimeout(options.commandTimeout())
        .withClientName("jointflow");
    String password = location.password() != null ? location.password() : options.password();
    if (password != null && location.username() != null) {
      uri.withAuthentication(location.username(), password);
    } else if (password != null) {
      uri.withPassword(password.toCharArray());
    }
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    RedisClient client = RedisClient.create(resources, uri.build());
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .protocolVersion(ProtocolVersion.RESP2)
        .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .build());
    RedisLink link = new RedisLink(label, options.commandTimeout(), resources, client);
    try {
      link.call("connect", false, c -> {
        for (LuaScript script : LuaScript.values()) {
          c.scriptLoad(script.source());
        }
        return null;
      });
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return link;
  }

  /**
   * Runs {@code command} on the shared connection.
   *
   * @param what the operation in words, for messages ("put key 'k'")
   * @param write whether the command writes: then a failure's outcome is unknown
   * @throws StoreException for every failure
   */
  <T> T call(String what, boolean write, Function<RedisCommands<byte[], byte[]>, T> command) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException(label + " is closed: cannot " + what, null, false);
      }
      return command.apply(commands());
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(what, write, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Runs a script by its SHA-1, loading it first if the server lost it (a restart, {@code SCRIPT FLUSH}). */
  <T> T eval(String what, boolean write, LuaScript script, byte[][] args) {
    return call(what, write, c -> {
      try {
        return c.evalsha(script.sha(), script.output(), new byte[0][], args);
      } catch (RedisNoScriptException e) {
        c.scriptLoad(script.source()); // NOSCRIPT: the script did not run, so running it now is its only run
        return c.evalsha(script.sha(), script.output(), new byte[0][], args);
      }
    });
  }

  private RedisCommands<byte[], byte[]> commands() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null && c.isOpen()) {
      return c.sync();
    }
    connecting.lock();
    try {
      c = connection;
      if (c == null || !c.isOpen()) {
        // A broken connection is closed already (no auto-reconnect): just replace it.
        c = client.connect(ByteArrayCodec.INSTANCE);
        connection = c;
      }
      return c.sync();
    } finally {
      connecting.unlock();
    }
  }

  private StoreException failure(String what, boolean write, RuntimeException e) {
    String unknown = write ? "; it may or may not have taken effect" : "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisCommandExecutionException x && refusesAccess(x.getMessage())) {
        return new StoreException(label + " refused access: cannot " + what + ": " + x.getMessage()
            + "; give the password in JOINTFLOW_REDIS_PASSWORD or redis://:PASSWORD@HOST:PORT (not retryable)", e, false);
      }
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new StoreException(label + " did not answer within " + commandTimeout + ": cannot " + what + unknown
          + " (retryable)", e, true);
    }
    if (e instanceof RedisCommandExecutionException x) {
      boolean transient_ = isTransient(x.getMessage());
      return new StoreException(label + " answered with an error: cannot " + what + ": " + x.getMessage()
          + (transient_ ? unknown + " (retryable)" : " (not retryable)"), e, transient_);
    }
    if (e instanceof RedisConnectionException) {
      return new StoreException(label + " is unreachable: cannot " + what + ": " + rootMessage(e)
          + " (retryable; is redis-server running there?)", e, true);
    }
    return new StoreException(label + " lost its connection: cannot " + what + ": " + rootMessage(e) + unknown
        + " (retryable)", e, true);
  }

  private static boolean refusesAccess(String message) {
    return message != null && List.of("WRONGPASS", "NOAUTH", "NOPERM", "ERR AUTH", "ERR invalid password")
        .stream().anyMatch(message::startsWith);
  }

  /** Errors that a server gives while it loads its data, runs a long script, is full, fails over or restarts. */
  private static boolean isTransient(String message) {
    return message != null && List.of("LOADING", "BUSY", "OOM", "READONLY", "MASTERDOWN", "TRYAGAIN", "NOSCRIPT")
        .stream().anyMatch(message::startsWith);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  /** Waits for the calls in progress, then closes the connection and the client's threads. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
