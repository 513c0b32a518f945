/**
 * A bounded cycle of 500 steps after Pheromone's function chain: {@code inc} adds one and emits
 * into {@code next}, whose {@code immediate} triggers send the number back to {@code inc} while
 * {@code meta.n < 500} (with {@code max-fires} as the cycle's bound) and to {@code done} once it
 * reaches 500. Definition: {@code examples/chain.yaml}.
 */
package io.jointflow.examples.chain;
