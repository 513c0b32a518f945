package io.jointflow.planner;

import java.util.List;
import java.util.Map;

/**
 * The planner's choice.
 *
 * @param app the app's name
 * @param placement each function's clouds: the chosen primary, then the others as failovers, best
 *     first by the objective
 * @param triggerState the clouds of the trigger states the plan keeps elsewhere than the placement
 *     rule would (most producers, a tie to the consumer), by bucket/trigger; empty when the rule's
 *     choice is the best for every trigger
 * @param prediction the model's prediction for the primaries and trigger states
 * @param options what was asked
 * @param exact true if the search proved the choice optimal under the model; false for the local
 *     search of a large app, which {@link #note()} says
 * @param evaluated how many (partial) placements the search evaluated
 * @param note how it was found, in a sentence
 * @param singleCloud the prediction of putting every function on one cloud, for each cloud where
 *     that is allowed
 */
public record Plan(String app, Map<String, List<String>> placement, Map<String, String> triggerState,
    Prediction prediction, PlanOptions options, boolean exact, long evaluated, String note, Map<String, Prediction> singleCloud) {
  public Plan {
    placement = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(placement));
    triggerState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(triggerState));
    singleCloud = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(singleCloud));
  }
}
