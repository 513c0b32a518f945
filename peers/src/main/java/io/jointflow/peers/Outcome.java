package io.jointflow.peers;

import java.util.List;

/** What one function invocation returned to the orchestrator: the objects it emitted and its result. */
public record Outcome(List<Item> emitted, byte[] result) {}
