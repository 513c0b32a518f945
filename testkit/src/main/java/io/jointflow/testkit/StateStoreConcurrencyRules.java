package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.Versioned;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Rules under contention: many threads released together on the same keys. Every assertion is on
 * counts and outcomes, never on timing. Part of {@link StateStoreContract}.
 */
abstract class StateStoreConcurrencyRules extends StateStoreCollectionRules {
  /** Threads racing in each test; at least 16 as the contract requires. */
  static final int THREADS = 32;

  private static byte[] encode(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long decode(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  @Test
  void exactlyOnePutIfAbsentWins() {
    int rounds = 10;
    List<List<Boolean>> won =
        Race.run(
            THREADS,
            t -> IntStream.range(0, rounds).mapToObj(r -> store().putIfAbsent("claim/" + r, encode(t))).toList());

    for (int r = 0; r < rounds; r++) {
      int round = r;
      List<Integer> winners = IntStream.range(0, THREADS).filter(t -> won.get(t).get(round)).boxed().toList();
      assertThat(winners).as("winners of round %d", r).hasSize(1);
      Versioned stored = store().get("claim/" + r).orElseThrow();
      assertThat(decode(stored.value())).as("value of round %d is the winner's", r).isEqualTo((long) winners.getFirst());
      assertThat(stored.version()).isEqualTo(1);
    }
  }

  @Test
  void exactlyOneCompareAndSetWinsPerVersion() {
    store().putIfAbsent("k", encode(-1));
    List<Boolean> won = Race.run(THREADS, t -> store().compareAndSet("k", 1, encode(t)));

    List<Integer> winners = IntStream.range(0, THREADS).filter(won::get).boxed().toList();
    assertThat(winners).hasSize(1);
    Versioned v = store().get("k").orElseThrow();
    assertThat(v.version()).isEqualTo(2);
    assertThat(decode(v.value())).isEqualTo((long) winners.getFirst());
  }

  @Test
  void compareAndSetLoopsLoseNoIncrement() {
    int threads = 16;
    int perThread = 20;
    store().putIfAbsent("counter", encode(0));

    List<Integer> successes =
        Race.run(
            threads,
            t -> {
              int done = 0;
              while (done < perThread) {
                Versioned cur = store().get("counter").orElseThrow();
                if (store().compareAndSet("counter", cur.version(), encode(decode(cur.value()) + 1))) {
                  done++;
                }
              }
              return done;
            });

    assertThat(successes).allMatch(n -> n == perThread);
    Versioned v = store().get("counter").orElseThrow();
    assertThat(decode(v.value())).isEqualTo(threads * perThread);
    assertThat(v.version()).isEqualTo(threads * perThread + 1L);
  }

  @Test
  void incrementAndGetLosesNothingAndReturnsEveryValueOnce() {
    int perThread = 25;
    List<List<Long>> returned =
        Race.run(
            THREADS,
            t -> IntStream.range(0, perThread).mapToObj(i -> store().incrementAndGet("n", 1)).toList());

    List<Long> all = new ArrayList<>(returned.stream().flatMap(List::stream).toList());
    Collections.sort(all);
    assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, THREADS * perThread).boxed().toList());
    assertThat(store().incrementAndGet("n", 0)).isEqualTo(THREADS * perThread);
  }

  @Test
  void concurrentDistinctMembersGetExactlyThePositionsZeroToNMinusOne() {
    int perThread = 100;
    List<List<SetAdd>> adds =
        Race.run(
            THREADS,
            t ->
                IntStream.range(0, perThread)
                    .mapToObj(i -> store().addToSetAndGet("set", "m" + t + "-" + i, bytes(t + "-" + i)))
                    .toList());

    int n = THREADS * perThread;
    List<Long> positions = new ArrayList<>();
    Map<String, Long> positionOf = new HashMap<>();
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < perThread; i++) {
        SetAdd add = adds.get(t).get(i);
        assertThat(add.added()).isTrue();
        positions.add(add.position());
        positionOf.put("m" + t + "-" + i, add.position());
      }
    }
    Collections.sort(positions);
    assertThat(positions).containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());

    List<SetMember> members = store().members("set", 0, n + 1);
    assertThat(members).extracting(SetMember::position).containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
    for (SetMember m : members) {
      assertThat(m.position()).as("position of %s", m.member()).isEqualTo(positionOf.get(m.member()));
      assertThat(text(m.value())).isEqualTo(m.member().substring(1));
    }
  }

  @Test
  void concurrentAddsOfTheSameMembersAgreeOnOnePositionAndOneAdder() {
    int memberCount = 200;
    List<List<SetAdd>> adds =
        Race.run(
            THREADS,
            t -> {
              // Half the threads go in one order, half in another, so that adds of a member collide.
              List<Integer> order = new ArrayList<>(IntStream.range(0, memberCount).boxed().toList());
              Collections.shuffle(order, new Random(t % 2));
              SetAdd[] byMember = new SetAdd[memberCount];
              for (int m : order) {
                byMember[m] = store().addToSetAndGet("dup", "m" + m, encode(t));
              }
              return List.of(byMember);
            });

    List<Long> positions = new ArrayList<>();
    for (int m = 0; m < memberCount; m++) {
      int member = m;
      List<Long> seen = adds.stream().map(a -> a.get(member).position()).distinct().toList();
      assertThat(seen).as("positions reported for m%d", m).hasSize(1);
      List<Integer> adders = IntStream.range(0, THREADS).filter(t -> adds.get(t).get(member).added()).boxed().toList();
      assertThat(adders).as("threads told they added m%d", m).hasSize(1);
      positions.add(seen.getFirst());

      SetMember stored = store().members("dup", seen.getFirst(), 1).getFirst();
      assertThat(stored.member()).isEqualTo("m" + m);
      assertThat(decode(stored.value())).as("value of m%d is its adder's", m).isEqualTo((long) adders.getFirst());
    }
    Collections.sort(positions);
    assertThat(positions).containsExactlyElementsOf(LongStream.range(0, memberCount).boxed().toList());
  }

  @Test
  void concurrentAppendsLoseNothingAndEveryResultIsAPrefixOfTheFinalList() {
    int threads = 16;
    int perThread = 10;
    List<List<List<String>>> results =
        Race.run(
            threads,
            t ->
                IntStream.range(0, perThread)
                    .mapToObj(i -> store().appendAndGet("list", List.of(t + "." + i)))
                    .toList());

    List<String> last = store().appendAndGet("list", List.of());
    assertThat(last).hasSize(threads * perThread).doesNotHaveDuplicates();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        List<String> seen = results.get(t).get(i);
        assertThat(last.subList(0, seen.size())).isEqualTo(seen);
        assertThat(seen.getLast()).as("own item at the end of its result").isEqualTo(t + "." + i);
      }
    }
  }
}
