package io.jointflow.function;

import java.util.List;
import java.util.Map;

/**
 * One invocation of a function: its identity, input objects and the ways to emit outputs.
 *
 * <p>A call is confined to the thread running the handler. Emitted objects become visible to
 * triggers only after the handler returns, in emission order; if the handler throws, nothing it
 * emitted is kept.
 */
public interface Call {
  /** The app name. */
  String app();

  /** The run id. */
  String runId();

  /** The function name. */
  String function();

  /**
   * The deterministic instance id: the same for every execution of this instance, including
   * retries, duplicates and recoveries. Use it as the idempotency key of external side effects.
   */
  String instanceId();

  /** 0 for the first execution, then 1, 2, ... for retries and recoveries. */
  int attempt();

  /**
   * The cloud this execution runs on: its function's primary cloud or the failover cloud it was
   * sent to; {@code "local"} on a host without clouds. Lets a handler behave like the hardware of
   * that cloud, e.g. emulate a GPU's shorter duration.
   */
  default String cloud() {
    return "local";
  }

  /** The input objects, in the order the trigger defines (arrival, set or branch order). */
  List<Obj> inputs();

  /**
   * The only input object.
   *
   * @throws JointflowException if there is not exactly one input
   */
  Obj input();

  /**
   * The input object with that key.
   *
   * @throws JointflowException if no input has that key; the message lists the keys present
   */
  Obj input(String key);

  /** The function's configuration ({@code config:} in YAML), never null. */
  Map<String, String> config();

  /**
   * Emits a value into a bucket under the generated key {@code instanceId#n}.
   *
   * @see #emit(String, String, Object, Map)
   */
  Obj emit(String bucket, Object value);

  /**
   * Emits a value into a bucket under a key of the caller's choice.
   *
   * @see #emit(String, String, Object, Map)
   */
  Obj emit(String bucket, String key, Object value);

  /**
   * Emits a value with metadata.
   *
   * <p>{@code byte[]}, {@code ByteBuffer} and {@code String} (UTF-8) are stored as is; any other value
   * is encoded as JSON. The value must not be changed afterwards: co-located consumers receive the
   * same reference.
   *
   * @param bucket one of the function's declared outputs
   * @param key unique within the bucket and run; {@code null} for the generated key
   * @param value the object
   * @param meta metadata read by trigger conditions
   * @return the emitted object
   * @throws JointflowException if the bucket is not an output of this function, the key was already
   *     emitted by this call, or the object is larger than the allowed size
   */
  Obj emit(String bucket, String key, Object value, Map<String, String> meta);

  /** A logger named after the app and function. */
  System.Logger log();
}
