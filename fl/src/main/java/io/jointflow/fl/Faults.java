package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The injected faults of a run, asked by the functions and the engine. Thread safe. */
final class Faults {
  private final List<Fault> faults;
  private final Set<Integer> aggregatorCrashed = ConcurrentHashMap.newKeySet();

  Faults(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  /** Throws if the owner or its data center is down at {@code time}. */
  void checkJob(int owner, int dc, double time) {
    for (Fault f : faults) {
      if (f instanceof Fault.OwnerDown d && d.owner() == owner && time >= d.from() && time < d.to()) {
        throw new JointflowException("owner " + owner + " crashed (injected) at time " + time);
      }
    }
    if (dcDown(dc, time)) {
      throw new JointflowException("data center " + dc + " is down (injected) at time " + time);
    }
  }

  boolean dcDown(int dc, double time) {
    for (Fault f : faults) {
      if (f instanceof Fault.DataCenterDown d && d.dc() == dc && time >= d.from() && time < d.to()) {
        return true;
      }
    }
    return false;
  }

  /** True once per data center with an {@link Fault.AggregatorCrashOnce}. */
  boolean crashAggregatorOnce(int dc) {
    for (Fault f : faults) {
      if (f instanceof Fault.AggregatorCrashOnce a && a.dc() == dc) {
        return aggregatorCrashed.add(dc);
      }
    }
    return false;
  }

  boolean tampered(int owner) {
    return faults.stream().anyMatch(f -> f instanceof Fault.Tamper t && t.owner() == owner);
  }

  boolean unattested(int owner) {
    return faults.stream().anyMatch(f -> f instanceof Fault.Unattested u && u.owner() == owner);
  }
}
