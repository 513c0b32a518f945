package io.jointflow.peers;

import io.jointflow.function.Call;
import io.jointflow.function.JointflowException;
import io.jointflow.function.Obj;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@link Call} the peer gives a handler: its inputs, config and cloud; emitted objects are collected. */
final class PeerCall implements Call {
  private final String runId;
  private final String function;
  private final String cloud;
  private final Map<String, String> config;
  private final List<Obj> inputs;
  private final List<Item> emitted = new ArrayList<>();
  private int generated;

  PeerCall(String runId, String function, String cloud, Map<String, String> config, List<Item> inputs) {
    this.runId = runId;
    this.function = function;
    this.cloud = cloud;
    this.config = config;
    this.inputs = inputs.stream().map(i -> (Obj) new PeerObj(runId, i)).toList();
  }

  List<Item> emitted() {
    return emitted;
  }

  @Override
  public String app() {
    return "peer";
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String function() {
    return function;
  }

  @Override
  public String instanceId() {
    return runId + "/" + function + "/" + inputs.stream().map(Obj::key).toList();
  }

  @Override
  public int attempt() {
    return 0;
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
      throw new JointflowException("function '" + function + "' has " + inputs.size() + " inputs, not exactly one");
    }
    return inputs.get(0);
  }

  @Override
  public Obj input(String key) {
    return inputs.stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow(() -> new JointflowException(
        "function '" + function + "' has no input '" + key + "' (inputs: " + inputs.stream().map(Obj::key).toList() + ")"));
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
    Item item = new Item(bucket, key != null ? key : instanceId() + "#" + generated++, PeerObj.encode(value));
    emitted.add(item);
    return new PeerObj(runId, item);
  }

  @Override
  public System.Logger log() {
    return System.getLogger("peer." + function);
  }
}
