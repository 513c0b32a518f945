package io.jointflow.core;

/**
 * Hears what the runtime of one host does, for meters ({@code jointflow worker} turns it into
 * Prometheus metrics): handler executions with their outcome, duration and bytes, state store
 * calls, and failovers. Set it with {@link Jointflow.Builder#observer}; the default, {@link #NONE},
 * costs nothing (no store is wrapped, no call allocates).
 *
 * <p>Rules for an implementation:
 *
 * <ul>
 *   <li>It MUST be thread safe: the runtime calls it from many threads at once.
 *   <li>It MUST be quick and MUST NOT block: it is called on the path of every step and store call.
 *   <li>It MUST NOT call back into the runtime.
 *   <li>An exception it throws is caught and logged once per host; the runtime carries on.
 * </ul>
 *
 * <p>Every method has an empty default, so an observer overrides only what it needs.
 */
public interface RuntimeObserver {
  /** The observer that observes nothing. */
  RuntimeObserver NONE = new RuntimeObserver() {};

  /** How a handler execution ended. */
  enum Outcome {
    /** The handler returned; its step is committed next. */
    SUCCEEDED,
    /** The handler threw and the instance will be tried again (another attempt remains). */
    FAILED_RETRYABLE,
    /** The handler threw and its run fails: a {@code TerminalException}, or its last attempt. */
    FAILED_TERMINAL
  }

  /** What a state store call does. */
  enum StoreCall {
    /** A read: {@code get}, {@code scan}, {@code members}. */
    READ,
    /** One write outside a batch: put-if-absent, compare-and-set, delete, set and counter updates. */
    WRITE,
    /** One atomic batch of writes ({@code writeBatch}): one round trip, however many operations. */
    BATCH
  }

  /**
   * A handler of {@code app}'s {@code function} starts on {@code cloud} (an instance whose output
   * checkpoint exists is not run, so it is not observed).
   */
  default void handlerStarted(String app, String function, String cloud) {}

  /**
   * A handler ended.
   *
   * @param nanos how long the handler ran, from its first line to its return or throw
   * @param bytesIn the sizes of its input objects
   * @param bytesOut the encoded sizes of the objects it emitted (0 when it failed)
   */
  default void handlerEnded(String app, String function, String cloud, Outcome outcome, long nanos, long bytesIn,
      long bytesOut) {}

  /**
   * This host made a call to {@code cloud}'s state store (the in-memory store of ephemeral apps is
   * not observed). Called before the call; a call that fails is observed too.
   */
  default void storeCalled(String cloud, StoreCall kind) {}

  /**
   * This host sent an invocation of {@code app}'s {@code function} to {@code to}, not to {@code
   * from}, the function's primary cloud, which refused it or whose circuit breaker was open.
   */
  default void failedOver(String app, String function, String from, String to) {}
}
