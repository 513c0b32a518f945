package io.jointflow.worker;

import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The nonces of accepted requests, each kept until its request's timestamp leaves the replay window
 * (after that the timestamp check rejects a replay anyway). Bounded: when it is full of nonces that
 * are still needed it refuses new ones rather than forget one, which would let that request be
 * replayed. Thread safe.
 */
final class NonceCache {
  /** What happened to a nonce. */
  enum Outcome { NEW, SEEN, FULL }

  private record Entry(long expiresAtMillis, String nonce) {}

  private final int capacity;
  private final Set<String> nonces = new HashSet<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>(Comparator.comparingLong(Entry::expiresAtMillis));

  NonceCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Remembers {@code nonce} until {@code expiresAtMillis} unless it is already remembered.
   *
   * @param nowMillis the current time; nonces that expired by then are forgotten first
   */
  synchronized Outcome remember(String nonce, long expiresAtMillis, long nowMillis) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAtMillis() < nowMillis) {
      nonces.remove(byExpiry.poll().nonce());
    }
    if (nonces.contains(nonce)) {
      return Outcome.SEEN;
    }
    if (nonces.size() >= capacity) {
      return Outcome.FULL;
    }
    nonces.add(nonce);
    byExpiry.add(new Entry(expiresAtMillis, nonce));
    return Outcome.NEW;
  }

  synchronized int size() {
    return nonces.size();
  }
}
