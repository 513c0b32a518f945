package io.jointflow.testkit;

import static io.jointflow.spi.WriteOp.addToSet;
import static io.jointflow.spi.WriteOp.compareAndSet;
import static io.jointflow.spi.WriteOp.delete;
import static io.jointflow.spi.WriteOp.increment;
import static io.jointflow.spi.WriteOp.putIfAbsent;
import static io.jointflow.spi.WriteOp.removeFromSet;
import static io.jointflow.spi.WriteOp.requireAbsent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rules for atomic batches ({@code StateStore.writeBatch}) and set removal: every operation or
 * none, the failed condition named, exactly one of conflicting concurrent batches wins, readers never
 * see half a batch, and set positions are never reused. Part of {@link StateStoreContract}.
 */
abstract class StateStoreBatchRules extends StateStoreConcurrencyRules {

  /** A store with one value of every kind, for batches to change. */
  private void seed() {
    store().putIfAbsent("v/cas", bytes("old"));
    store().putIfAbsent("v/gone", bytes("doomed"));
    store().addToSetAndGet("s/remove", "a", bytes("a"));
    store().addToSetAndGet("s/remove", "b", bytes("b"));
    store().incrementAndGet("n/count", 5);
  }

  /** Every kind of operation, none of whose conditions fails on the seeded store. */
  private static List<WriteOp> everyKind() {
    return List.of(
        putIfAbsent("v/new", bytes("new")),
        requireAbsent("v/never"),
        compareAndSet("v/cas", 1, bytes("changed")),
        compareAndSet("v/created", 0, bytes("created")),
        delete("v/gone"),
        addToSet("s/add", "x", bytes("x"), 1),
        removeFromSet("s/remove", List.of("a")),
        increment("n/count", 2, 7));
  }

  private String snapshot() {
    StringBuilder b = new StringBuilder();
    for (String k : List.of("v/new", "v/cas", "v/created", "v/gone", "v/other")) {
      b.append(k).append('=').append(store().get(k).map(v -> text(v.value()) + "@" + v.version()).orElse("-")).append(' ');
    }
    for (String s : List.of("s/add", "s/remove")) {
      b.append(s).append('=').append(store().members(s, 0, 100).stream().map(m -> m.position() + ":" + m.member()).toList())
          .append(' ');
    }
    return b.append("n/count=").append(store().incrementAndGet("n/count", 0)).toString();
  }

  @Test
  void aBatchAppliesEveryOperation() {
    seed();

    assertThat(store().writeBatch(everyKind())).isEqualTo(BatchOutcome.COMMITTED);

    assertThat(text(store().get("v/new").orElseThrow().value())).isEqualTo("new");
    assertThat(store().get("v/cas").orElseThrow()).satisfies(v -> {
      assertThat(text(v.value())).isEqualTo("changed");
      assertThat(v.version()).isEqualTo(2);
    });
    assertThat(store().get("v/created").orElseThrow().version()).isEqualTo(1);
    assertThat(store().get("v/never")).as("require-absent writes nothing").isEmpty();
    assertThat(store().get("v/gone")).isEmpty();
    assertThat(store().members("s/add", 0, 10)).extracting(SetMember::member).containsExactly("x");
    assertThat(store().members("s/remove", 0, 10)).extracting(SetMember::position, SetMember::member)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "b"));
    assertThat(store().incrementAndGet("n/count", 0)).isEqualTo(7);
  }

  @Test
  void aBatchWhoseSecondConditionFailsWritesNothing() {
    seed();
    store().putIfAbsent("v/other", bytes("taken"));
    String before = snapshot();

    BatchOutcome outcome = store().writeBatch(List.of(
        putIfAbsent("v/new", bytes("new")),
        putIfAbsent("v/other", bytes("mine")),
        delete("v/gone"),
        addToSet("s/add", "x", bytes("x")),
        increment("n/count", 1)));

    assertThat(outcome).isEqualTo(BatchOutcome.failedAt(1));
    assertThat(outcome.committed()).isFalse();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void eachKindOfConditionCanFailTheBatchAndLeaveEverythingAsItWas() {
    seed();
    store().putIfAbsent("v/other", bytes("taken"));
    String before = snapshot();
    List<WriteOp> failing = List.of(
        putIfAbsent("v/other", bytes("again")),
        requireAbsent("v/other"),
        compareAndSet("v/other", 7, bytes("stale")),
        compareAndSet("v/other", 0, bytes("present")),
        compareAndSet("v/absent", 1, bytes("absent")),
        addToSet("s/remove", "c", bytes("c"), 2),
        increment("n/count", 3, 7));

    for (WriteOp bad : failing) {
      List<WriteOp> batch = new ArrayList<>(everyKind().stream().filter(op -> !op.key().equals(bad.key())).toList());
      int at = batch.size() / 2;
      batch.add(at, bad);

      assertThat(store().writeBatch(batch)).as("%s", bad).isEqualTo(BatchOutcome.failedAt(at));
      assertThat(snapshot()).as("after %s", bad).isEqualTo(before);
    }
  }

  @Test
  void theFirstFailedConditionIsNamed() {
    store().putIfAbsent("a", bytes("1"));
    store().putIfAbsent("b", bytes("1"));

    assertThat(store().writeBatch(List.of(putIfAbsent("z", bytes("1")), putIfAbsent("b", bytes("2")),
        putIfAbsent("a", bytes("2"))))).isEqualTo(BatchOutcome.failedAt(1));
    assertThat(store().get("z")).isEmpty();
  }

  @Test
  void aBoundedSetAddIsIdempotentAndFailsOnlyForANewMemberAtTheLimit() {
    assertThat(store().writeBatch(List.of(addToSet("fires", "a", bytes("a"), 2)))).isEqualTo(BatchOutcome.COMMITTED);
    assertThat(store().writeBatch(List.of(addToSet("fires", "b", bytes("b"), 2)))).isEqualTo(BatchOutcome.COMMITTED);

    assertThat(store().writeBatch(List.of(putIfAbsent("k", bytes("1")), addToSet("fires", "c", bytes("c"), 2))))
        .isEqualTo(BatchOutcome.failedAt(1));
    assertThat(store().writeBatch(List.of(putIfAbsent("k", bytes("1")), addToSet("fires", "a", bytes("again"), 2))))
        .as("a present member is no change and no failure").isEqualTo(BatchOutcome.COMMITTED);
    assertThat(store().members("fires", 0, 10)).extracting(m -> m.position() + ":" + m.member() + "=" + text(m.value()))
        .containsExactly("0:a=a", "1:b=b");
    assertThat(store().get("k")).isPresent();
  }

  @Test
  void aBoundedIncrementFailsAboveItsMaximum() {
    assertThat(store().writeBatch(List.of(increment("n", 3, 3)))).isEqualTo(BatchOutcome.COMMITTED);
    assertThat(store().writeBatch(List.of(increment("n", 1, 3)))).isEqualTo(BatchOutcome.failedAt(0));
    assertThat(store().incrementAndGet("n", 0)).isEqualTo(3);
  }

  @Test
  void removedSetPositionsAreNeverReused() {
    for (String m : List.of("a", "b", "c")) {
      store().addToSetAndGet("s", m, bytes(m));
    }
    store().removeFromSet("s", List.of("c", "b", "absent"));
    assertThat(store().addToSetAndGet("s", "d", bytes("d"))).isEqualTo(new SetAdd(3, true));
    assertThat(store().writeBatch(List.of(removeFromSet("s", List.of("a", "d"))))).isEqualTo(BatchOutcome.COMMITTED);
    assertThat(store().members("s", 0, 10)).isEmpty();
    assertThat(store().addToSetAndGet("s", "e", bytes("e"))).isEqualTo(new SetAdd(4, true));
    assertThat(store().addToSetAndGet("s", "b", bytes("b again"))).as("a removed member can be added again, at a new position")
        .isEqualTo(new SetAdd(5, true));

    reopenStore();
    assertThat(store().members("s", 0, 10)).extracting(m -> m.position() + ":" + m.member()).containsExactly("4:e", "5:b");
    assertThat(store().writeBatch(List.of(removeFromSet("s", List.of("e", "b"))))).isEqualTo(BatchOutcome.COMMITTED);
    reopenStore();
    assertThat(store().addToSetAndGet("s", "f", bytes("f"))).isEqualTo(new SetAdd(6, true));
    assertThat(store().writeBatch(List.of(addToSet("s", "g", bytes("g"), 7)))).as("limit counts removed positions")
        .isEqualTo(BatchOutcome.failedAt(0));
  }

  @Test
  void membersSkipRemovedPositions() {
    for (int i = 0; i < 200; i++) {
      store().addToSetAndGet("s", "m" + i, bytes(String.valueOf(i)));
    }
    store().removeFromSet("s", IntStream.range(0, 200).filter(i -> i % 3 != 0 || i < 150).mapToObj(i -> "m" + i).toList());

    assertThat(store().members("s", 0, 100)).extracting(SetMember::position)
        .containsExactlyElementsOf(IntStream.range(150, 200).filter(i -> i % 3 == 0).mapToObj(i -> (long) i).toList());
    assertThat(store().members("s", 160, 2)).extracting(SetMember::position).containsExactly(162L, 165L);
    assertThat(store().addToSetAndGet("s", "m198", bytes("x"))).isEqualTo(new SetAdd(198, false));
    assertThat(store().addToSetAndGet("s", "m10", bytes("x"))).isEqualTo(new SetAdd(200, true));
  }

  @Test
  void aBatchNamingAKeyTwiceOrTooManyOperationsIsRejectedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> store().writeBatch(List.of(putIfAbsent("a", bytes("1")), delete("b"), increment("a", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key 'a' more than once");
    assertThat(store().get("a")).isEmpty();

    int max = store().maxBatchSize();
    assertThat(max).as("max batch size (the runtime splits larger steps)").isBetween(25, 100_000);
    List<WriteOp> full = IntStream.range(0, max).mapToObj(i -> putIfAbsent("k/" + i, bytes("v"))).toList();
    List<WriteOp> over = new ArrayList<>(full);
    over.add(putIfAbsent("k/over", bytes("v")));
    assertThatThrownBy(() -> store().writeBatch(over)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above the store's maximum " + max);
    assertThat(store().scan("k/", null, 10)).isEmpty();
    assertThat(store().writeBatch(full)).isEqualTo(BatchOutcome.COMMITTED);
    assertThat(store().scan("k/", null, max + 1)).hasSize(max);
    assertThat(store().writeBatch(List.of())).isEqualTo(BatchOutcome.COMMITTED);
  }

  @Test
  void aCommittedBatchSurvivesReopening() {
    seed();
    store().writeBatch(everyKind());
    String after = snapshot();

    reopenStore();
    assertThat(snapshot()).isEqualTo(after);
  }

  @Test
  void ofConflictingConcurrentBatchesExactlyOneCommits() {
    int rounds = 5;
    List<List<BatchOutcome>> outcomes = Race.run(THREADS, t -> IntStream.range(0, rounds)
        .mapToObj(r -> store().writeBatch(List.of(
            increment("total/" + r, 1),
            addToSet("winners/" + r, "t" + t, bytes(String.valueOf(t))),
            putIfAbsent("claim/" + r, bytes(String.valueOf(t))))))
        .toList());

    for (int r = 0; r < rounds; r++) {
      int round = r;
      List<Integer> won = IntStream.range(0, THREADS).filter(t -> outcomes.get(t).get(round).committed()).boxed().toList();
      assertThat(won).as("winners of round %d", r).hasSize(1);
      IntStream.range(0, THREADS).filter(t -> t != won.getFirst())
          .forEach(t -> assertThat(outcomes.get(t).get(round)).isEqualTo(BatchOutcome.failedAt(2)));
      assertThat(text(store().get("claim/" + r).orElseThrow().value())).isEqualTo(String.valueOf(won.getFirst()));
      assertThat(store().members("winners/" + r, 0, 100)).extracting(SetMember::member).containsExactly("t" + won.getFirst());
      assertThat(store().incrementAndGet("total/" + r, 0)).isEqualTo(1);
    }
  }

  @Test
  void concurrentCompareAndSetBatchesLoseNoUpdate() {
    int perThread = 10;
    int threads = 16;
    store().writeBatch(List.of(putIfAbsent("a", bytes("0")), putIfAbsent("b", bytes("0"))));
    Race.run(threads, t -> {
      int done = 0;
      while (done < perThread) {
        Versioned a = store().get("a").orElseThrow();
        Versioned b = store().get("b").orElseThrow();
        long next = Long.parseLong(text(a.value())) + 1;
        if (store().writeBatch(List.of(compareAndSet("a", a.version(), bytes(String.valueOf(next))),
            compareAndSet("b", b.version(), bytes(String.valueOf(next))))).committed()) {
          done++;
        }
      }
      return done;
    });

    assertThat(text(store().get("a").orElseThrow().value())).isEqualTo(String.valueOf(threads * perThread));
    assertThat(text(store().get("b").orElseThrow().value())).isEqualTo(String.valueOf(threads * perThread));
  }

  @Test
  void readersNeverSeePartOfABatch() {
    int batches = 300;
    store().writeBatch(List.of(putIfAbsent("x", bytes("0")), putIfAbsent("y", bytes("0"))));
    List<String> violations = Race.run(4, t -> {
      List<String> seen = new ArrayList<>();
      if (t == 0) {
        for (int i = 1; i <= batches; i++) {
          store().writeBatch(List.of(compareAndSet("x", i, bytes(String.valueOf(i))),
              compareAndSet("y", i, bytes(String.valueOf(i)))));
        }
        return seen;
      }
      // x is read first and y second (or the other way round): y must be at least as new as x,
      // because the batch that produced x's value also wrote y before anyone could read it.
      boolean xFirst = t % 2 == 1;
      for (int i = 0; i < batches * 3; i++) {
        long first = store().get(xFirst ? "x" : "y").orElseThrow().version();
        long second = store().get(xFirst ? "y" : "x").orElseThrow().version();
        if (second < first) {
          seen.add((xFirst ? "x" : "y") + " at version " + first + " but the other at " + second);
        }
      }
      return seen;
    }).stream().flatMap(List::stream).toList();

    assertThat(violations).isEmpty();
    assertThat(store().get("y").orElseThrow().version()).isEqualTo(batches + 1L);
  }
}
