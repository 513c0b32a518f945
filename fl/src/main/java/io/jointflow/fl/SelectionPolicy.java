package io.jointflow.fl;

import java.util.List;
import java.util.Random;

/**
 * Chooses the container (owner and type) of a data center's next training job, and learns from
 * what jobs took. One instance per data center; called by one thread at a time.
 */
public interface SelectionPolicy {
  /**
   * Picks one of {@code idle} (never empty) for a model whose speed weight is {@code omega} in
   * [0, 1]: near 1 for a lagging model (prefer fast), near 0 for an advanced one (prefer cheap).
   */
  Container choose(List<Container> idle, double omega, Random random);

  /** A job on {@code c} ended after {@code duration}; {@code ok} if its update was merged. */
  void observe(Container c, double duration, boolean ok);
}
