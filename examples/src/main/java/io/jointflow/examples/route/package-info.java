/**
 * Conditional routing: {@code classify} emits a number under the key of its kind, and one
 * {@code by-name} trigger per kind sends it to {@code prime}, {@code composite} or {@code neither};
 * {@code report} returns the answer of the route taken. Definition: {@code examples/route.yaml}.
 */
package io.jointflow.examples.route;
