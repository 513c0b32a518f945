package io.jointflow.examples.route;

import java.util.List;

/**
 * What the route taken found out about the number.
 *
 * @param n the number
 * @param kind {@code prime}, {@code composite} or {@code neither}: the key it was routed by
 * @param text the finding in words
 * @param factors the prime factors in ascending order, with repeats (composites only)
 * @param index its position among the primes, 1 for 2 (primes up to {@value Primes#INDEX_LIMIT})
 * @param next the next prime (primes only)
 */
public record Answer(long n, String kind, String text, List<Long> factors, Long index, Long next) {}
