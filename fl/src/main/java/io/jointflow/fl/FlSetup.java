package io.jointflow.fl;

import io.jointflow.cloud.Clouds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a federated run needs: the model, the training and test data, the data centers (clouds)
 * with their owners' partitions and container types, the options and the faults to inject.
 *
 * @param model the trainer
 * @param train training samples, split among owners by {@code partition}
 * @param test held-out samples for evaluation
 * @param dataCenters cloud names, in ring order
 * @param partition for every owner, its sample indices in {@code train}
 * @param ownerDc for every owner, the index of its data center
 * @param types for every data center, its container types
 * @param clouds the clouds the functions run on (null: one emulated cloud per data center, in memory)
 * @param options the settings
 * @param faults failures to inject
 * @param timeUnits for every owner its time per sample at speed 1, or null to draw them (B3)
 */
public record FlSetup(Model model, Dataset train, Dataset test, List<String> dataCenters, int[][] partition,
    int[] ownerDc, List<List<ContainerType>> types, Clouds clouds, FlOptions options, List<Fault> faults, double[] timeUnits) {

  public FlSetup {
    Objects.requireNonNull(model, "model");
    if (partition.length != ownerDc.length || types.size() != dataCenters.size() || dataCenters.isEmpty()) {
      throw new IllegalArgumentException("fl setup has " + partition.length + " partitions for " + ownerDc.length
          + " owners and " + types.size() + " type lists for " + dataCenters.size() + " data centers; they must match");
    }
    for (int d = 0; d < dataCenters.size(); d++) {
      if (clouds != null && !clouds.clouds().containsKey(dataCenters.get(d))) {
        throw new IllegalArgumentException("data center '" + dataCenters.get(d) + "' is not a cloud of the clouds file;"
            + " its clouds are " + clouds.clouds().keySet());
      }
      if (types.get(d).isEmpty()) {
        throw new IllegalArgumentException("data center '" + dataCenters.get(d) + "' has no container types");
      }
    }
    faults = List.copyOf(faults);
    types = List.copyOf(types);
    dataCenters = List.copyOf(dataCenters);
  }

  /**
   * Owners split evenly over the data centers in order (owner {@code o} in data center
   * {@code o * D / owners}), the same container types everywhere.
   */
  public static FlSetup of(Model model, Dataset train, Dataset test, List<String> dataCenters, int[][] partition,
      List<ContainerType> types, Clouds clouds, FlOptions options, List<Fault> faults) {
    int[] ownerDc = new int[partition.length];
    for (int o = 0; o < ownerDc.length; o++) {
      ownerDc[o] = (int) ((long) o * dataCenters.size() / partition.length);
    }
    List<List<ContainerType>> t = new ArrayList<>();
    dataCenters.forEach(d -> t.add(types));
    return new FlSetup(model, train, test, dataCenters, partition, ownerDc, t, clouds, options, faults, null);
  }

  /** A copy with other options. */
  public FlSetup withOptions(FlOptions o) {
    return new FlSetup(model, train, test, dataCenters, partition, ownerDc, types, clouds, o, faults, timeUnits);
  }

  /** A copy with other faults. */
  public FlSetup withFaults(List<Fault> f) {
    return new FlSetup(model, train, test, dataCenters, partition, ownerDc, types, clouds, options, f, timeUnits);
  }

  /** A copy with fixed per-owner time units (e.g. a rigged profile). */
  public FlSetup withTimeUnits(double[] units) {
    return new FlSetup(model, train, test, dataCenters, partition, ownerDc, types, clouds, options, faults, units.clone());
  }

  /** Owners of data center {@code dc}. */
  List<Integer> owners(int dc) {
    List<Integer> r = new ArrayList<>();
    for (int o = 0; o < ownerDc.length; o++) {
      if (ownerDc[o] == dc) {
        r.add(o);
      }
    }
    return r;
  }

  /** Planets (and baseline jobs in flight) per data center. */
  int planets() {
    if (options.planetsPerDc() > 0) {
      return options.planetsPerDc();
    }
    return Math.max(1, partition.length / dataCenters.size() / 10);
  }
}
