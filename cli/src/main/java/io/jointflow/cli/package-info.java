/**
 * The {@code jointflow} command line: {@code run} an app definition embedded in this process with
 * progress and a per-function summary, {@code validate} definitions, and {@code runs list|show|resume}
 * against a state store.
 */
package io.jointflow.cli;
