package io.jointflow.fl;

/**
 * One local-training job: a model sent to a container of an owner, due back at {@code end}.
 *
 * @param slot the planet (NebulaFL) or client slot the job belongs to
 * @param base the version the model had when it was sent (for staleness)
 * @param aggregator the data center whose aggregator merges the update
 */
record Job(long id, int dc, Container container, int slot, long base, double start, double end, float[] model,
    int aggregator) {
  int owner() {
    return container.owner();
  }

  double duration() {
    return end - start;
  }
}
