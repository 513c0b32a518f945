package io.jointflow.examples;

import io.jointflow.function.Call;
import io.jointflow.function.JointflowException;
import io.jointflow.function.Obj;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Call} for calling one handler directly: inputs are given as values, emitted objects are
 * recorded. Values pass by reference, as between functions on one host; {@link Obj#as} casts.
 */
final class RecordingCall implements Call {
  private final Map<String, String> config;
  private final List<Obj> inputs;
  private final List<Obj> emitted = new ArrayList<>();
  private int generated;

  /** An object held by reference. */
  record Value(String bucket, String key, Object value, Map<String, String> meta) implements Obj {
    @Override
    public String runId() {
      return "run";
    }

    @Override
    public List<Integer> branch() {
      return List.of();
    }

    @Override
    public long size() {
      return bytes().length;
    }

    @Override
    public ByteBuffer buffer() {
      return ByteBuffer.wrap(bytes()).asReadOnlyBuffer();
    }

    @Override
    public byte[] bytes() {
      return text().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String text() {
      return value.toString();
    }

    @Override
    public <T> T as(Class<T> type) {
      if (!type.isInstance(value)) {
        throw new JointflowException("object '" + key + "' holds a " + value.getClass().getSimpleName()
            + ", not a " + type.getSimpleName());
      }
      return type.cast(value);
    }
  }

  /** A call with these inputs and no configuration. */
  RecordingCall(Obj... inputs) {
    this(Map.of(), inputs);
  }

  /** A call of a function with this configuration. */
  RecordingCall(Map<String, String> config, Obj... inputs) {
    this.config = Map.copyOf(config);
    this.inputs = List.of(inputs);
  }

  /** What the handler emitted, in order. */
  List<Obj> emitted() {
    return List.copyOf(emitted);
  }

  @Override
  public String app() {
    return "test";
  }

  @Override
  public String runId() {
    return "run";
  }

  @Override
  public String function() {
    return "handler";
  }

  @Override
  public String instanceId() {
    return "instance";
  }

  @Override
  public int attempt() {
    return 0;
  }

  @Override
  public List<Obj> inputs() {
    return inputs;
  }

  @Override
  public Obj input() {
    if (inputs.size() != 1) {
      throw new JointflowException("call has " + inputs.size() + " inputs, not one");
    }
    return inputs.get(0);
  }

  @Override
  public Obj input(String key) {
    return inputs.stream().filter(o -> o.key().equals(key)).findFirst()
        .orElseThrow(() -> new JointflowException("no input '" + key + "'"));
  }

  @Override
  public Map<String, String> config() {
    return config;
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
    Obj o = new Value(bucket, key == null ? "instance#" + generated++ : key, value, Map.copyOf(meta));
    emitted.add(o);
    return o;
  }

  @Override
  public System.Logger log() {
    return System.getLogger("test");
  }
}
