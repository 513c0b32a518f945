package io.jointflow.function;

/**
 * User code of one function: reads the input objects of a {@link Call}, emits objects into buckets
 * and may return a result.
 *
 * <p>A handler may run more than once for the same instance (a retry after an exception, a duplicate
 * delivery, a recovery after a crash); Jointflow forwards the outputs of exactly one execution.
 * External side effects should use {@link Call#instanceId()} as their idempotency key. Handlers are
 * called concurrently from many threads and must be thread safe; a handler class named in a YAML
 * definition needs a public no-argument constructor.
 */
@FunctionalInterface
public interface Handler {
  /**
   * Runs one invocation.
   *
   * @param call the invocation: inputs, emit, identity, logger
   * @return the result, or {@code null}; used only when this is the app's result function, where it becomes the
   *     run's result. An {@link Obj} stands for its bytes; {@code byte[]}, {@code String} and {@code ByteBuffer} are
   *     stored as is, other values as JSON.
   * @throws TerminalException to fail without retrying; any other exception is retried
   */
  Object handle(Call call) throws Exception;
}
