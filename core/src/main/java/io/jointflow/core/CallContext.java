package io.jointflow.core;

import io.jointflow.app.FunctionSpec;
import io.jointflow.app.Names;
import io.jointflow.function.Call;
import io.jointflow.function.JointflowException;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.Envelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Call} given to a handler. Emitted objects are buffered and only published by the
 * runtime after the handler returns ({@link #seal()}), so a failed execution publishes nothing.
 */
final class CallContext implements Call {
  private final FunctionSpec function;
  private final Envelope envelope;
  private final String cloud;
  private final List<Obj> inputs;
  private final long maxObjectBytes;
  private final boolean encodeEagerly;
  private final List<LiveObj> emitted = new ArrayList<>();
  private final Set<String> emittedKeys = new HashSet<>();
  private System.Logger log;

  CallContext(FunctionSpec function, Envelope envelope, String cloud, List<Obj> inputs, long maxObjectBytes,
      boolean encodeEagerly) {
    this.function = function;
    this.envelope = envelope;
    this.cloud = cloud;
    this.inputs = inputs;
    this.maxObjectBytes = maxObjectBytes;
    this.encodeEagerly = encodeEagerly;
  }

  @Override
  public String app() {
    return envelope.app();
  }

  @Override
  public String runId() {
    return envelope.runId();
  }

  @Override
  public String function() {
    return function.name();
  }

  @Override
  public String instanceId() {
    return envelope.instanceId();
  }

  @Override
  public int attempt() {
    return envelope.attempt();
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public List<Obj> inputs() {
    return inputs;
  }

  @Override
  public Obj input() {
    if (inputs.size() != 1) {
      throw new JointflowException("function '" + function.name() + "' has " + inputs.size()
          + " inputs, not exactly one; use inputs() or input(key)");
    }
    return inputs.get(0);
  }

  @Override
  public Obj input(String key) {
    for (Obj o : inputs) {
      if (o.key().equals(key)) {
        return o;
      }
    }
    throw new JointflowException("function '" + function.name() + "' has no input with key '" + key
        + "' (keys: " + String.join(", ", inputs.stream().map(Obj::key).toList()) + ")");
  }

  @Override
  public Map<String, String> config() {
    return function.config();
  }

  @Override
  public Obj emit(String bucket, Object value) {
    return emit(bucket, null, value, Map.of());
  }

  @Override
  public Obj emit(String bucket, String key, Object value) {
    return emit(bucket, key, value, Map.of());
  }

  @Override
  public Obj emit(String bucket, String key, Object value, Map<String, String> meta) {
    if (!function.outputs().contains(bucket)) {
      throw new TerminalException("function '" + function.name() + "' cannot emit into bucket '" + bucket
          + "': not one of its outputs (outputs: " + String.join(", ", function.outputs()) + ")");
    }
    if (value == null) {
      throw new TerminalException("function '" + function.name() + "' emitted a null value into bucket '"
          + bucket + "'");
    }
    String k = key == null ? envelope.instanceId() + "#" + emitted.size() : key;
    try {
      Names.checkKey(k);
    } catch (IllegalArgumentException e) {
      throw new TerminalException("function '" + function.name() + "': " + e.getMessage());
    }
    if (!emittedKeys.add(bucket + "/" + k)) {
      throw new TerminalException("function '" + function.name() + "' emitted key '" + k
          + "' into bucket '" + bucket + "' twice");
    }
    LiveObj o = new LiveObj(envelope.runId(), bucket, k, meta == null ? Map.of() : Map.copyOf(meta),
        envelope.branch(), envelope.instanceId(), value,
        encodeEagerly || Json.isRaw(value) ? Json.encodeValue(value) : null);
    if (o.isEncoded() && o.size() > maxObjectBytes) {
      throw new TerminalException("function '" + function.name() + "' emitted object '" + bucket + "/" + k
          + "' of " + o.size() + " bytes, above max-object-bytes " + maxObjectBytes
          + "; store large data yourself and emit a reference, or raise the limit");
    }
    emitted.add(o);
    return o;
  }

  @Override
  public System.Logger log() {
    if (log == null) {
      log = System.getLogger("jointflow." + envelope.app() + "." + function.name());
    }
    return log;
  }

  /**
   * The emitted objects with their final branch paths: a producer that emitted several objects
   * fans out, so each object's consumers run one branch level deeper.
   */
  List<LiveObj> seal() {
    if (emitted.size() > 1) {
      for (int i = 0; i < emitted.size(); i++) {
        List<Integer> b = new ArrayList<>(envelope.branch());
        b.add(i);
        emitted.get(i).branch(b);
      }
    }
    return emitted;
  }
}
