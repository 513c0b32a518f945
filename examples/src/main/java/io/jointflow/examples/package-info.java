/**
 * Example Jointflow apps, one sub-package each, with their definitions in the module directory
 * ({@code examples/*.yaml}): a MapReduce word count ({@code dynamic-group}), fan-out and fan-in
 * ({@code dynamic-join}, {@code by-set}), a windowed ad-event stream ({@code by-time}), k-of-n
 * redundant inference ({@code redundant}), conditional routing ({@code by-name}) and a bounded
 * 500-step chain ({@code immediate} with a condition and {@code max-fires}). This package holds what
 * they share.
 */
package io.jointflow.examples;
