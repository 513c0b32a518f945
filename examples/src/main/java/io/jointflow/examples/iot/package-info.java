/** Jointλ's IoT pipeline: a chain of {@code record} steps that pass a reading on. */
package io.jointflow.examples.iot;
