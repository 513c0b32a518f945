/**
 * Jointλ's Monte Carlo workload (from xAFCL): a data map splits random sampling into branches on
 * both clouds, each counts points inside the unit circle, and an aggregation estimates π.
 */
package io.jointflow.examples.montecarlo;
