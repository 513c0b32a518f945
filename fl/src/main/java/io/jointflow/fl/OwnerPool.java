package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;

/**
 * The owners an agent dispatches to, in the order it considers them, and which of them are out
 * training: the agent's own busy flags, since no other agent sends them jobs. Stored with its agent;
 * the setup is not state and is re-attached after decoding.
 */
final class OwnerPool implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private transient FlSetup setup;
  private final int[] owners;
  private final boolean[] busy;

  private OwnerPool(FlSetup setup, List<Integer> owners) {
    this.setup = setup;
    this.owners = owners.stream().mapToInt(Integer::intValue).toArray();
    this.busy = new boolean[setup.partition().length];
  }

  /** Re-attaches the run's setup after decoding. */
  void attach(FlSetup setup) {
    this.setup = setup;
  }

  /** The owners of data center {@code dc}. */
  static OwnerPool of(FlSetup setup, int dc) {
    return new OwnerPool(setup, setup.owners(dc));
  }

  /** Every owner, data center by data center (a hub's). */
  static OwnerPool all(FlSetup setup) {
    List<Integer> all = new ArrayList<>();
    for (int d = 0; d < setup.dataCenters().size(); d++) {
      all.addAll(setup.owners(d));
    }
    return new OwnerPool(setup, all);
  }

  /** Containers of the idle owners, every type of the owner's data center. */
  List<Container> idle() {
    List<Container> r = new ArrayList<>();
    for (int owner : owners) {
      if (!busy[owner]) {
        for (ContainerType t : setup.types().get(setup.ownerDc()[owner])) {
          r.add(new Container(owner, t));
        }
      }
    }
    return r;
  }

  /** Marks {@code c}'s owner as out training. */
  void take(Container c) {
    if (busy[c.owner()]) {
      throw new IllegalStateException("owner " + c.owner() + " is busy");
    }
    busy[c.owner()] = true;
  }

  void free(int owner) {
    busy[owner] = false;
  }
}
