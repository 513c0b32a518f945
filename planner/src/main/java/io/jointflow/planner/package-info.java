/**
 * The placement planner: from per-cloud function profiles (measured from the spans of earlier runs
 * or of a calibration run), the transfer sizes between functions, the clouds' prices and the network
 * between them, it chooses each function's clouds (primary, then failovers) to minimise cost under a
 * makespan bound or makespan under a budget, predicts both, and compares the prediction with runs.
 * Entry points: {@link io.jointflow.planner.Planner}, {@link io.jointflow.planner.Profiles},
 * {@link io.jointflow.planner.Trials} and {@link io.jointflow.planner.PlanReport}.
 */
package io.jointflow.planner;
