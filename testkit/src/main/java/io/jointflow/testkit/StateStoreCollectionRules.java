package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetBatch;
import io.jointflow.spi.SetJoin;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules for the atomic helpers: ordered sets, counters, lists, and their removal by prefix. Part of
 * {@link StateStoreContract}.
 */
abstract class StateStoreCollectionRules extends StateStoreScanRules {

  private static String member(SetMember m) {
    return m.position() + ":" + m.member() + "=" + text(m.value());
  }

  @Test
  void addToSetAssignsPositionsInInsertionOrder() {
    assertThat(store().addToSetAndGet("s", "x", bytes("1"))).isEqualTo(new SetAdd(0, true));
    assertThat(store().addToSetAndGet("s", "a", bytes("2"))).isEqualTo(new SetAdd(1, true));
    assertThat(store().addToSetAndGet("s", "m", bytes("3"))).isEqualTo(new SetAdd(2, true));

    assertThat(store().members("s", 0, 10))
        .extracting(StateStoreCollectionRules::member)
        .containsExactly("0:x=1", "1:a=2", "2:m=3");
  }

  @Test
  void addingAPresentMemberChangesNothingAndReturnsItsPosition() {
    store().addToSetAndGet("s", "a", bytes("first"));
    store().addToSetAndGet("s", "b", bytes("b"));

    assertThat(store().addToSetAndGet("s", "a", bytes("second"))).isEqualTo(new SetAdd(0, false));
    assertThat(store().addToSetAndGet("s", "b", bytes("again"))).isEqualTo(new SetAdd(1, false));
    assertThat(store().addToSetAndGet("s", "c", bytes("c"))).isEqualTo(new SetAdd(2, true));
    assertThat(store().members("s", 0, 10))
        .extracting(StateStoreCollectionRules::member)
        .containsExactly("0:a=first", "1:b=b", "2:c=c");
  }

  @Test
  void anAddThatCompletesABatchReadsItsMembers() {
    List<String> batches = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      SetBatch b = store().addToSetAndReadBatch("s", "m" + i, bytes("v" + i), 3);
      assertThat(b.add()).isEqualTo(new SetAdd(i, true));
      assertThat(b.batch().isEmpty()).as("position %d completes a batch of 3", i).isEqualTo(i % 3 != 2);
      b.batch().forEach(m -> batches.add(member(m)));
    }
    assertThat(batches).containsExactly("0:m0=v0", "1:m1=v1", "2:m2=v2", "3:m3=v3", "4:m4=v4", "5:m5=v5");

    SetBatch again = store().addToSetAndReadBatch("s", "m5", bytes("other"), 3);
    assertThat(again.add()).as("a replayed add").isEqualTo(new SetAdd(5, false));
    assertThat(again.batch()).extracting(StateStoreCollectionRules::member).containsExactly("3:m3=v3", "4:m4=v4", "5:m5=v5");
    assertThat(store().addToSetAndReadBatch("s", "m9", bytes("x"), 1).batch())
        .extracting(StateStoreCollectionRules::member).containsExactly("7:m9=x");
    assertThat(store().members("s", 0, 10)).hasSize(8);
  }

  @Test
  void aJoinArrivalAtTheWidthsPositionReadsTheMembers() {
    // Width 2: a branch before the width is known, the control that puts it, the last branch.
    SetJoin early = store().addToSetAndJoin("j", "b0", bytes("x"), "j/width", -1);
    assertThat(early.add()).isEqualTo(new SetAdd(0, true));
    assertThat(early.width()).as("no width stored yet").isEqualTo(-1);
    assertThat(early.completed()).isFalse();
    assertThat(early.members()).isEmpty();

    SetJoin control = store().addToSetAndJoin("j", "ctrl", bytes("2"), "j/width", 2);
    assertThat(control.add()).isEqualTo(new SetAdd(1, true));
    assertThat(control.width()).isEqualTo(2);
    assertThat(control.members()).isEmpty();
    assertThat(text(store().get("j/width").orElseThrow().value())).isEqualTo("2");

    SetJoin last = store().addToSetAndJoin("j", "b1", bytes("y"), "j/width", -1);
    assertThat(last.add()).isEqualTo(new SetAdd(2, true));
    assertThat(last.completed()).isTrue();
    assertThat(last.members()).extracting(StateStoreCollectionRules::member)
        .containsExactly("0:b0=x", "1:ctrl=2", "2:b1=y");

    SetJoin replayed = store().addToSetAndJoin("j", "b1", bytes("other"), "j/width", -1);
    assertThat(replayed.add()).as("a replayed add").isEqualTo(new SetAdd(2, false));
    assertThat(replayed.members()).hasSize(3);
    SetJoin again = store().addToSetAndJoin("j", "ctrl", bytes("2"), "j/width", 5);
    assertThat(again.width()).as("the first width stays").isEqualTo(2);
    assertThat(store().addToSetAndJoin("j", "b2", bytes("z"), "j/width", -1).add()).isEqualTo(new SetAdd(3, true));
  }

  @Test
  void aControlThatArrivesLastCompletesTheJoin() {
    store().addToSetAndJoin("k", "b0", bytes("x"), "k/width", -1);
    SetJoin control = store().addToSetAndJoin("k", "ctrl", bytes("1"), "k/width", 1);
    assertThat(control.completed()).isTrue();
    assertThat(control.members()).extracting(StateStoreCollectionRules::member).containsExactly("0:b0=x", "1:ctrl=1");

    SetJoin empty = store().addToSetAndJoin("e", "ctrl", bytes("0"), "e/width", 0);
    assertThat(empty.completed()).as("a join of no branches completes with its control").isTrue();
    assertThat(empty.members()).extracting(StateStoreCollectionRules::member).containsExactly("0:ctrl=0");
  }

  @Test
  void membersReadsAPositionRange() {
    for (int i = 0; i < 10; i++) {
      store().addToSetAndGet("s", "m" + i, bytes("v" + i));
    }

    assertThat(store().members("s", 3, 4)).extracting(SetMember::position).containsExactly(3L, 4L, 5L, 6L);
    assertThat(store().members("s", 8, 100)).extracting(SetMember::member).containsExactly("m8", "m9");
    assertThat(store().members("s", 10, 100)).isEmpty();
    assertThat(store().members("s", 0, 0)).isEmpty();
    assertThat(store().members("missing", 0, 10)).isEmpty();
  }

  @Test
  void setsUnderDifferentKeysAreIndependent() {
    store().addToSetAndGet("s", "a", bytes("1"));
    store().addToSetAndGet("s", "b", bytes("1"));

    assertThat(store().addToSetAndGet("s2", "b", bytes("2"))).isEqualTo(new SetAdd(0, true));
    assertThat(store().addToSetAndGet("s/x", "b", bytes("3"))).isEqualTo(new SetAdd(0, true));
    assertThat(store().members("s", 0, 10)).hasSize(2);
  }

  @Test
  void setMembersMayCarryEmptyBinaryOrLargeValuesAndUnicodeIds() {
    byte[] large = randomBytes(256 * 1024, 3);
    store().addToSetAndGet("s", "🔑/ключ", new byte[0]);
    store().addToSetAndGet("s", "e\u0301", new byte[] {0, -1, 0});
    store().addToSetAndGet("s", "é", large);

    List<SetMember> members = store().members("s", 0, 10);
    assertThat(members).extracting(SetMember::member).containsExactly("🔑/ключ", "e\u0301", "é");
    assertThat(members.get(0).value()).isEmpty();
    assertThat(members.get(1).value()).containsExactly(0, -1, 0);
    assertThat(members.get(2).value()).isEqualTo(large);
  }

  /**
   * The runtime puts object keys into state keys (per-key trigger sets) and set members (object
   * ids); the longest valid key, 512 characters outside the BMP, is 1,024 UTF-16 units and 2,048
   * bytes of UTF-8.
   */
  @Test
  void theLongestObjectKeyFitsInStateKeysAndSetMembers() {
    String key = "\uD83D\uDE00".repeat(io.jointflow.app.Names.MAX_KEY_LENGTH);
    String id = "r-1/bucket/" + key;
    String state = "r/app/r-1/t/bucket/t/k/" + key;

    assertThat(store().putIfAbsent(state, bytes("v"))).isTrue();
    assertThat(text(store().get(state).orElseThrow().value())).isEqualTo("v");
    assertThat(store().scan("r/app/r-1/t/bucket/t/k/", null, 10)).extracting(e -> e.key()).containsExactly(state);
    assertThat(store().addToSetAndGet(state + "/set", id, bytes("x"))).isEqualTo(new SetAdd(0, true));
    assertThat(store().addToSetAndGet(state + "/set", id, bytes("y"))).isEqualTo(new SetAdd(0, false));
    assertThat(store().members(state + "/set", 0, 10)).extracting(SetMember::member).containsExactly(id);
    assertThat(store().deletePrefix("r/app/r-1/")).isEqualTo(2);
    assertThat(store().get(state)).isEmpty();
  }

  @Test
  void incrementAndGetStartsFromZeroAndAddsAnyDelta() {
    assertThat(store().incrementAndGet("n", 5)).isEqualTo(5);
    assertThat(store().incrementAndGet("n", -2)).isEqualTo(3);
    assertThat(store().incrementAndGet("n", 0)).isEqualTo(3);
    assertThat(store().incrementAndGet("n", Long.MAX_VALUE - 3)).isEqualTo(Long.MAX_VALUE);
    assertThat(store().incrementAndGet("other", 1)).isEqualTo(1);
    assertThat(store().incrementAndGet("n/1", 1)).isEqualTo(1);
  }

  @Test
  void appendAndGetReturnsTheWholeListInOrder() {
    assertThat(store().appendAndGet("l", List.of("a", "b"))).containsExactly("a", "b");
    assertThat(store().appendAndGet("l", List.of("c"))).containsExactly("a", "b", "c");
    assertThat(store().appendAndGet("l", List.of("a", "ü🔑", ""))).containsExactly("a", "b", "c", "a", "ü🔑", "");
    assertThat(store().appendAndGet("l2", List.of("z"))).containsExactly("z");
  }

  @Test
  void appendingNothingReturnsTheCurrentList() {
    assertThat(store().appendAndGet("l", List.of())).isEmpty();
    store().appendAndGet("l", List.of("a"));
    assertThat(store().appendAndGet("l", List.of())).containsExactly("a");
  }

  @Test
  void deletePrefixRemovesSetsCountersAndListsUnderThePrefixOnly() {
    StateStore s = store();
    s.putIfAbsent("run1/value", bytes("v"));
    s.addToSetAndGet("run1/set", "m", bytes("v"));
    s.incrementAndGet("run1/counter", 7);
    s.appendAndGet("run1/list", List.of("x"));
    s.addToSetAndGet("run1/deeper/set", "m", bytes("v"));
    s.addToSetAndGet("run10/set", "m", bytes("v"));
    s.incrementAndGet("run10/counter", 7);
    s.appendAndGet("run10/list", List.of("x"));
    s.appendAndGet("run1", List.of("x"));

    assertThat(s.deletePrefix("run1/")).isEqualTo(5);

    assertThat(s.get("run1/value")).isEmpty();
    assertThat(s.members("run1/set", 0, 10)).isEmpty();
    assertThat(s.members("run1/deeper/set", 0, 10)).isEmpty();
    assertThat(s.addToSetAndGet("run1/set", "other", bytes("w"))).isEqualTo(new SetAdd(0, true));
    assertThat(s.incrementAndGet("run1/counter", 1)).isEqualTo(1);
    assertThat(s.appendAndGet("run1/list", List.of())).isEmpty();

    assertThat(s.members("run10/set", 0, 10)).hasSize(1);
    assertThat(s.incrementAndGet("run10/counter", 0)).isEqualTo(7);
    assertThat(s.appendAndGet("run10/list", List.of())).containsExactly("x");
    assertThat(s.appendAndGet("run1", List.of())).containsExactly("x");
  }

  @Test
  void setsCountersAndListsSurviveReopening() {
    store().addToSetAndGet("s", "a", bytes("1"));
    store().addToSetAndGet("s", "b", bytes("2"));
    store().incrementAndGet("n", 41);
    store().appendAndGet("l", List.of("x", "y"));

    reopenStore();

    assertThat(store().addToSetAndGet("s", "a", bytes("other"))).isEqualTo(new SetAdd(0, false));
    assertThat(store().addToSetAndGet("s", "c", bytes("3"))).isEqualTo(new SetAdd(2, true));
    assertThat(store().members("s", 0, 10))
        .extracting(StateStoreCollectionRules::member)
        .containsExactly("0:a=1", "1:b=2", "2:c=3");
    assertThat(store().incrementAndGet("n", 1)).isEqualTo(42);
    assertThat(store().appendAndGet("l", List.of("z"))).containsExactly("x", "y", "z");
  }
}
