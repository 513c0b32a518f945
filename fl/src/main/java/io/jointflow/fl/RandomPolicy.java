package io.jointflow.fl;

import java.util.List;
import java.util.Random;

/** Uniform choice among idle containers, optionally of one type only (what the baselines do). */
final class RandomPolicy implements SelectionPolicy, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final String type;

  /** {@code type}: the only type chosen, or null for any. */
  RandomPolicy(String type) {
    this.type = type;
  }

  @Override
  public Container choose(List<Container> idle, double omega, Random random) {
    List<Container> of = type == null ? idle : idle.stream().filter(c -> c.type().name().equals(type)).toList();
    List<Container> from = of.isEmpty() ? idle : of;
    return from.get(random.nextInt(from.size()));
  }

  @Override
  public void observe(Container c, double duration, boolean ok) {}
}
