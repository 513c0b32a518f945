package io.jointflow.dynamodb;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Commits planned batches ({@link Plan}) as {@code TransactWriteItems} calls and reads a cancelled
 * one's reasons: a real condition failure ends the batch with its index; a stale assumption, a
 * {@code TransactionConflict} or throttling plans it again (with a short jittered backoff).
 *
 * <p>Set adds and removals on one set all change its header item, so racing writers of one set
 * conflict on every attempt but one. Writers in other processes stay optimistic; a writer in this
 * process that lost one race takes the set's lock stripe and queues instead of fighting on (32
 * threads adding to one hot set otherwise starved one of them for 500 attempts on a CI machine).
 */
final class Transactions {
  /** The most items of one transaction (DynamoDB's limit). */
  static final int MAX_ITEMS = 100;
  private static final int ATTEMPTS = 500;
  private static final int STRIPES = 64;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  /** How many sets' next positions the store remembers, so that an add needs no read first. */
  private static final int REMEMBERED_SETS = 10_000;
  private final DynamoLink link;
  private final Layout layout;
  private final Reads reads;
  private final String table;
  /** Set key to its next position as last seen; a stale entry only costs one failed attempt. */
  private final Map<String, Long> nextPositions = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REMEMBERED_SETS;
        }
      });

  Transactions(DynamoLink link, Layout layout, Reads reads) {
    this.link = link;
    this.layout = layout;
    this.reads = reads;
    this.table = link.table();
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** A planned batch and how it ended. */
  record Attempt(Plan plan, BatchOutcome outcome) {}

  /** Plans and commits {@code batch}, repeating when a condition only failed because an assumption was stale. */
  Attempt run(String what, List<WriteOp> batch) {
    Map<String, Long> known = new HashMap<>();
    TreeSet<Integer> held = new TreeSet<>();
    for (WriteOp op : batch) {
      Long next = op instanceof WriteOp.AddToSet a ? nextPositions.get(a.key()) : null;
      if (next != null) {
        known.put(op.key(), next);
      }
      if (op instanceof WriteOp.AddToSet || op instanceof WriteOp.RemoveFromSet) {
        held.add(Math.floorMod(op.key().hashCode(), STRIPES));
      }
    }
    Plan.Hints hints = new Plan.Hints(new HashMap<>(), known, new HashMap<>());
    // The first attempt takes no lock: adds of members already there are reads only, and most
    // writes meet no rival. Only a batch that lost a race queues behind this process's other writers.
    Attempt first = attempts(what, batch, hints, held.isEmpty() ? ATTEMPTS : 1);
    if (first != null) {
      return first;
    }
    if (held.isEmpty()) {
      throw exhausted(what);
    }
    // Stripes in ascending order, so that two batches over the same sets cannot deadlock.
    List<Integer> locked = new ArrayList<>();
    try {
      for (int stripe : held) {
        stripes[stripe].lockInterruptibly();
        locked.add(stripe);
      }
      Attempt again = attempts(what, batch, hints, ATTEMPTS);
      if (again == null) {
        throw exhausted(what);
      }
      return again;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(link.label() + " cannot " + what + ": interrupted while waiting for the set's lock; nothing was written", e, true);
    } finally {
      for (int i = locked.size() - 1; i >= 0; i--) {
        stripes[locked.get(i)].unlock();
      }
    }
  }

  private StoreException exhausted(String what) {
    return new StoreException(link.label() + " cannot " + what + ": other writers changed its keys during each of " + ATTEMPTS
        + " attempts; nothing was written (retryable)", null, true);
  }

  /** Up to {@code attempts} tries at the batch; {@code null} if each one met a rival. */
  private Attempt attempts(String what, List<WriteOp> batch, Plan.Hints hints, int attempts) {
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Plan plan = new Plan(table, layout, hints, new Plan.Reader() {
        @Override
        public Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
          return reads.read(what, key);
        }

        @Override
        public Map<String, Map<String, AttributeValue>> readAll(List<Map<String, AttributeValue>> keys) {
          return reads.readAll(what, keys);
        }
      });
      for (int i = 0; i < batch.size(); i++) {
        plan.add(i, batch.get(i));
      }
      if (plan.items.isEmpty()) {
        return new Attempt(plan, BatchOutcome.COMMITTED);
      }
      if (plan.items.size() > MAX_ITEMS) {
        throw new StoreException(link.label() + " cannot " + what + ": it needs " + plan.items.size()
            + " DynamoDB items and one transaction takes " + MAX_ITEMS + "; nothing was written (not retryable; "
            + "split the batch or remove fewer set members at once)", null, false);
      }
      try {
        link.call(what, true, c -> c.transactWriteItems(r -> r.transactItems(plan.items)));
        plan.committed(nextPositions);
        return new Attempt(plan, BatchOutcome.COMMITTED);
      } catch (StoreException e) {
        if (!(e.getCause() instanceof TransactionCanceledException x) || !x.hasCancellationReasons()) {
          throw e;
        }
        Integer failed = classify(what, batch, plan, x.cancellationReasons(), e);
        if (failed != null) {
          return new Attempt(plan, BatchOutcome.failedAt(failed));
        }
      }
      backoff(attempt);
    }
    return null;
  }

  /** The index of the first operation whose condition really failed, or {@code null} to try again. */
  private Integer classify(String what, List<WriteOp> batch, Plan plan, List<CancellationReason> reasons, StoreException e) {
    int failed = Integer.MAX_VALUE;
    int again = Integer.MAX_VALUE;
    for (int j = 0; j < reasons.size() && j < plan.items.size(); j++) {
      String code = reasons.get(j).code();
      if (code == null || code.equals("None")) {
        continue;
      }
      int op = plan.opOf.get(j);
      if (code.equals("ConditionalCheckFailed")) {
        Map<String, AttributeValue> old = reasons.get(j).hasItem() && !reasons.get(j).item().isEmpty() ? reasons.get(j).item() : null;
        switch (plan.checks.get(j).meaning(old)) {
          case FAILED -> failed = Math.min(failed, op);
          case STALE -> again = Math.min(again, op);
          case OVERFLOW -> throw overflow(what, batch.get(op).key());
        }
      } else if (code.equals("TransactionConflict") || code.equals("ThrottlingError") || code.equals("ProvisionedThroughputExceeded")) {
        again = Math.min(again, op);
      } else {
        throw new StoreException(link.label() + " cannot " + what + ": operation " + op + " was refused: " + code + ": "
            + reasons.get(j).message() + "; nothing was written (not retryable)", e, false);
      }
    }
    // A failed condition is final only if nothing at or before it rested on a stale assumption.
    return failed < again ? Integer.valueOf(failed) : null;
  }

  private static void backoff(int attempt) {
    if (attempt < 2) {
      return;
    }
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 1L << Math.min(attempt, 6)) + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying a DynamoDB transaction", e, true);
    }
  }

  StoreException overflow(String what, String key) {
    return new StoreException(link.label() + " cannot " + what + ": counter '" + key
        + "' would go beyond 64 bits; nothing was written (not retryable)", null, false);
  }

}
