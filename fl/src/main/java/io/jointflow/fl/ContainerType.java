package io.jointflow.fl;

/**
 * A rentable container size in a data center: how fast it trains relative to the reference speed,
 * and its rent per emulated time unit.
 *
 * @param name e.g. a profile name of the cloud
 * @param speed training-time divisor, positive (the reference's {@code speed_k})
 * @param price rent per time unit, at least 0 (the reference's {@code price_k})
 */
public record ContainerType(String name, double speed, double price) implements java.io.Serializable {
  public ContainerType {
    if (name == null || name.isBlank() || !(speed > 0) || !(price >= 0)) {
      throw new IllegalArgumentException("container type '" + name + "' needs a name, speed > 0 and price >= 0: speed "
          + speed + ", price " + price);
    }
  }

  /** The reference spec's example types (B6): price grows faster than speed. */
  public static java.util.List<ContainerType> referenceTypes() {
    return java.util.List.of(new ContainerType("small", 1, 1), new ContainerType("medium", 2, 2.5),
        new ContainerType("large", 4, 6));
  }
}
