/**
 * Fan-out and fan-in over 20 years of daily US births: {@code split} cuts the series into a number
 * of chunks chosen at run time, one {@code summarize} per chunk, joined by a {@code dynamic-join}
 * whose width the split announces; in parallel a fixed set of analyses ({@code weekday},
 * {@code yearly}) runs on the whole series, and a {@code by-set} trigger joins the three statistics
 * for {@code report}. Definition: {@code examples/fanout.yaml}.
 */
package io.jointflow.examples.fanout;
