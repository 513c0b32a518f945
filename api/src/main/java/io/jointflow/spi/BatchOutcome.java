package io.jointflow.spi;

/**
 * The outcome of {@link StateStore#writeBatch}: committed, or not written at all because the
 * condition of one operation failed.
 *
 * @param failedIndex the index in the batch of the operation whose condition failed (the first
 *     one, in batch order, if several did), or -1 if the batch committed
 */
public record BatchOutcome(int failedIndex) {
  /** A committed batch. */
  public static final BatchOutcome COMMITTED = new BatchOutcome(-1);

  /** Validates. */
  public BatchOutcome {
    if (failedIndex < -1) {
      throw new IllegalArgumentException("batch failed index is below -1: " + failedIndex);
    }
  }

  /** A batch that wrote nothing because the condition of operation {@code index} failed. */
  public static BatchOutcome failedAt(int index) {
    return new BatchOutcome(index);
  }

  /** True if every operation took effect. */
  public boolean committed() {
    return failedIndex < 0;
  }
}
