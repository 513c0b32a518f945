package io.jointflow.fl;

/**
 * One evaluation of a method's models.
 *
 * @param time emulated time units since the start
 * @param cost container rent so far
 * @param crossCloudBytes model bytes moved between clouds so far
 * @param accuracy held-out accuracy (mean over the models the data centers serve)
 */
public record Point(double time, double cost, long crossCloudBytes, double accuracy) {}
