package io.jointflow.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link RuntimeObserver} that counts what it hears, keyed by its arguments joined with {@code /}. */
final class RecordingObserver implements RuntimeObserver {
  final Map<String, AtomicLong> started = new ConcurrentHashMap<>();
  /** {@code function/cloud/OUTCOME}. */
  final Map<String, AtomicLong> ended = new ConcurrentHashMap<>();
  /** {@code cloud/KIND}. */
  final Map<String, AtomicLong> storeCalls = new ConcurrentHashMap<>();
  /** {@code function/from/to}. */
  final Map<String, AtomicLong> failovers = new ConcurrentHashMap<>();
  final List<long[]> bytes = new CopyOnWriteArrayList<>();

  private static void add(Map<String, AtomicLong> m, String key) {
    m.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  long count(Map<String, AtomicLong> m, String key) {
    AtomicLong n = m.get(key);
    return n == null ? 0 : n.get();
  }

  @Override
  public void handlerStarted(String app, String function, String cloud) {
    add(started, function + "/" + cloud);
  }

  @Override
  public void handlerEnded(String app, String function, String cloud, Outcome outcome, long nanos, long bytesIn,
      long bytesOut) {
    add(ended, function + "/" + cloud + "/" + outcome);
    bytes.add(new long[] {nanos, bytesIn, bytesOut});
  }

  @Override
  public void storeCalled(String cloud, StoreCall kind) {
    add(storeCalls, cloud + "/" + kind);
  }

  @Override
  public void failedOver(String app, String function, String from, String to) {
    add(failovers, function + "/" + from + "/" + to);
  }
}
