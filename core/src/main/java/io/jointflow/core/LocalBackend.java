package io.jointflow.core;

import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The {@code local} compute backend: functions run in this process on the environment's executor
 * (virtual threads), at most {@code concurrency} instances per function at once.
 *
 * <p>Pheromone's local fast path: an invocation made while a local instance is being processed is
 * queued on that thread and runs right after it, on the same thread, when the function has a free
 * slot (a chain hands over without a thread switch; further fan-out goes to new threads). Inputs
 * travel as live references, so hand-offs never copy.
 */
final class LocalBackend implements ComputeBackend {
  private static final ThreadLocal<Loop> CURRENT = new ThreadLocal<>();

  private final Executor executor;
  private final Consumer<Envelope> sink;
  private final ToIntFunction<Envelope> concurrency;
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param executor runs invocations
   * @param sink executes one invocation (the wrapper); must not throw
   * @param concurrency the function's concurrency limit for an envelope
   */
  LocalBackend(Executor executor, Consumer<Envelope> sink, ToIntFunction<Envelope> concurrency) {
    this.executor = executor;
    this.sink = sink;
    this.concurrency = concurrency;
  }

  /** The invocations queued on one worker thread. */
  private static final class Loop {
    final LocalBackend owner;
    Envelope next;

    Loop(LocalBackend owner) {
      this.owner = owner;
    }
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void invokeAsync(String function, Envelope envelope) {
    if (closed) {
      throw new BackendException("local backend is closed; invocation of '" + function + "' not accepted", null, false);
    }
    Semaphore slot = slot(envelope);
    Loop loop = CURRENT.get();
    if (loop != null && loop.owner == this && loop.next == null && slot.tryAcquire()) {
      loop.next = envelope;
      return;
    }
    try {
      executor.execute(() -> {
        slot.acquireUninterruptibly();
        run(envelope);
      });
    } catch (RuntimeException e) {
      throw new BackendException("local backend rejected an invocation of '" + function + "': " + e, e, true);
    }
  }

  private Semaphore slot(Envelope e) {
    return slots.computeIfAbsent(e.app() + "/" + e.function(),
        k -> new Semaphore(Math.max(1, concurrency.applyAsInt(e))));
  }

  /** Runs an invocation whose slot is held, then whatever it queued on this thread. */
  private void run(Envelope first) {
    Loop outer = CURRENT.get();
    Loop loop = new Loop(this);
    CURRENT.set(loop);
    try {
      Envelope e = first;
      while (e != null) {
        try {
          sink.accept(e);
        } finally {
          slot(e).release();
        }
        e = loop.next;
        loop.next = null;
      }
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  @Override
  public Health health() {
    return new Health(!closed, closed ? "closed" : "running in-process");
  }

  @Override
  public Limits limits() {
    return new Limits(Long.MAX_VALUE, 0);
  }

  @Override
  public Billing billing() {
    return new Billing(0, 0, Duration.ofMillis(1));
  }

  @Override
  public void close() {
    closed = true;
  }
}
