package io.jointflow.fl;

/**
 * A timer as data: the engine queues it and hands it back to the {@code onTimer} of the agent of
 * data center {@code agent}. Being data rather than a closure over an agent's fields, it can later
 * be stored and fired by another process.
 *
 * @param arg what the kind needs: a planet, a rotation period, a data center; 0 if nothing
 */
record Timer(int agent, Kind kind, int arg) {
  enum Kind {
    /** NebulaFL: a planet found no container to rent; try again ({@code arg}: the planet). */
    DISPATCH_RETRY,
    /** NebulaFL: send the stellar model on ({@code arg}: the period). */
    ROTATE,
    /** FedAvg: a round found no idle owner; start it again. */
    ROUND,
    /** HierFedAvg: start an edge round (again, when none of the owners was idle; or on the global model that arrived). */
    EDGE_ROUND,
    /** HierFedAvg, the hub: an edge model arrived ({@code arg}: its data center); average if the round is complete. */
    CLOUD_ROUND,
    /** HierFedAvg, the hub: a data center's upload did not arrive ({@code arg}: the data center). */
    UPLOAD_FAILED,
    /** HierFedAvg, the hub: the global model did not reach a data center; send it again ({@code arg}: the data center). */
    RESEND_GLOBAL,
    /**
     * A model this agent sent with both ends up did not arrive: the transfer ran but the receiver
     * refused it ({@code arg}: the destination). The sender learns it only after its send's operation.
     */
    UNDELIVERED
  }
}
