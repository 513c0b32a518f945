package io.jointflow.fl;

import io.jointflow.function.Call;
import javax.crypto.SecretKey;

/**
 * What the data-center functions ({@link TrainFunction}, {@link AggregateFunction}, {@link
 * SendFunction}, {@link ReceiveFunction}) see of the job they serve: in one process the {@link
 * Engine} itself; in a worker process a {@link WorkerSite} built from the job's fl.yaml, which runs
 * the agent operations against that cloud's state store and returns their effects as the result.
 */
interface Site {
  FlSetup setup();

  default FlOptions options() {
    return setup().options();
  }

  Faults faults();

  Attestation attestation();

  default String cloud(int dc) {
    return setup().dataCenters().get(dc);
  }

  /** An owner's partition, opened inside the training function with the key it was released. */
  Dataset ownerData(int owner, SecretKey key);

  /**
   * What arrived at an aggregator or receiver: the sealed parcel and, in a cluster, the operation's
   * context and (for an update) the job it answers; both null in one process, where the engine knows them.
   */
  record Arrival(Parcel parcel, Wire.Ctx ctx, Job job) {}

  /** What the training function emits into bucket {@code updates} for the sealed update {@code wire}. */
  byte[] update(Call call, byte[] wire);

  /** What the send function emits into bucket {@code wire} for its input. */
  byte[] sent(Call call);

  /** Splits an aggregator's input ({@link #update}). */
  Arrival updateArrived(byte[] input);

  /** Splits a receiver's input ({@link #sent}). */
  Arrival modelArrived(byte[] input);

  /** Merges an opened update once per job; the aggregator function's result. */
  Object merge(Call call, Arrival a, float[] update);

  /** Hands an opened model to its destination's agent, if it has one; the receive function's result. */
  Object received(Call call, Arrival a, float[] model);

  /** The site of a function built by a worker (no-arg constructor): from its {@code fl} config, the job's file. */
  static Site of(Call call) {
    String file = call.config().get("fl");
    if (file == null || file.isBlank()) {
      throw new io.jointflow.function.JointflowException("fl function '" + call.function() + "' of app '" + call.app()
          + "' has no 'fl' config naming its job's fl.yaml; write the apps with 'jointflow fl apps FL_YAML'");
    }
    return WorkerSite.of(java.nio.file.Path.of(file));
  }
}
