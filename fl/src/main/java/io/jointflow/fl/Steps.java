package io.jointflow.fl;

/**
 * How the engine runs a method's steps as Jointflow runs: embedded in this process ({@link
 * Hosting}) or on a cluster's workers through its gateway ({@link ClusterSteps}). A step's result
 * carries the effects of the agent operation that ran inside it (a merge, a received model), for
 * the engine to apply.
 */
interface Steps extends AutoCloseable {
  /**
   * Runs {@code job}'s train-then-aggregate step with its sealed model {@code parcel}; {@code
   * inFlight} is the smallest id of the jobs in flight besides it, for a step that processes the
   * job's end with its merge ({@link Wire.Result#ended}).
   */
  Wire.Result job(Job job, byte[] parcel, long inFlight);

  /** Runs the transfer of {@code s} with its sealed model {@code parcel}. */
  Wire.Result move(Effect.Send s, byte[] parcel);

  /** Bytes sent between clouds, from the steps' spans. */
  long spanEgress();

  /** The FaaS cost, from the steps' spans. */
  double spanCost();

  @Override
  void close();
}
