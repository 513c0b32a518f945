package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.Environment.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ManualEnvironmentTest {
  private final ManualEnvironment env = ManualEnvironment.direct(42);
  private final List<String> ran = new ArrayList<>();

  private void record(String name) {
    ran.add(name + "@" + env.nanoTime() / 1_000_000);
  }

  @Test
  void theClockStartsAtStartAndMovesOnlyWhenAdvanced() {
    assertThat(env.now()).isEqualTo(ManualEnvironment.START);
    assertThat(env.nanoTime()).isZero();
    assertThat(env.currentTimeMillis()).isEqualTo(ManualEnvironment.START.toEpochMilli());

    env.advance(Duration.ofMillis(1500));

    assertThat(env.nanoTime()).isEqualTo(1_500_000_000L);
    assertThat(env.currentTimeMillis()).isEqualTo(ManualEnvironment.START.toEpochMilli() + 1500);
  }

  @Test
  void dueTasksRunInTimeOrderThenSchedulingOrder() {
    env.schedule(Duration.ofMillis(30), () -> record("c"));
    env.schedule(Duration.ofMillis(10), () -> record("a"));
    env.schedule(Duration.ofMillis(20), () -> record("b1"));
    env.schedule(Duration.ofMillis(20), () -> record("b2"));
    env.schedule(Duration.ofMillis(31), () -> record("late"));

    env.advance(Duration.ofMillis(30));

    assertThat(ran).containsExactly("a@10", "b1@20", "b2@20", "c@30");
    assertThat(env.pendingTasks()).isEqualTo(1);
    assertThat(env.nanoTime()).isEqualTo(30_000_000L);
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceIfDue() {
    env.schedule(
        Duration.ofMillis(10),
        () -> {
          record("first");
          env.schedule(Duration.ofMillis(5), () -> record("inner"));
          env.schedule(Duration.ofMillis(50), () -> record("too-late"));
        });
    env.schedule(Duration.ofMillis(12), () -> record("between"));

    env.advance(Duration.ofMillis(20));
    assertThat(ran).containsExactly("first@10", "between@12", "inner@15");

    env.advance(Duration.ofMillis(40));
    assertThat(ran).endsWith("too-late@60");
  }

  @Test
  void aTaskDueNowRunsOnTheNextAdvanceEvenByZero() {
    env.schedule(Duration.ZERO, () -> record("now"));
    env.schedule(Duration.ofMillis(-5), () -> record("past"));
    assertThat(ran).isEmpty();

    env.advance(Duration.ZERO);

    assertThat(ran).containsExactly("now@0", "past@0");
  }

  @Test
  void aCancelledTaskNeverRuns() {
    Cancellable c = env.schedule(Duration.ofSeconds(1), () -> record("cancelled"));
    env.schedule(Duration.ofSeconds(2), () -> record("kept"));

    c.cancel();
    env.advance(Duration.ofSeconds(5));
    c.cancel();

    assertThat(ran).containsExactly("kept@2000");
    assertThat(env.pendingTasks()).isZero();
  }

  @Test
  void aFailingTaskPropagatesAndLeavesLaterTasksQueued() {
    env.schedule(Duration.ofMillis(1), () -> {
      throw new IllegalStateException("boom");
    });
    env.schedule(Duration.ofMillis(2), () -> record("later"));

    assertThatThrownBy(() -> env.advance(Duration.ofMillis(10))).hasMessage("boom");
    assertThat(env.nanoTime()).isEqualTo(1_000_000L);
    assertThat(env.pendingTasks()).isEqualTo(1);

    env.advance(Duration.ofMillis(9));
    assertThat(ran).containsExactly("later@2");
    assertThat(env.nanoTime()).isEqualTo(10_000_000L);
  }

  @Test
  void aNegativeAdvanceIsRejected() {
    assertThatThrownBy(() -> env.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("manual clock advance must not be negative: PT-0.001S");
  }

  @Test
  void randomIsReproducibleFromTheSeed() {
    List<Long> a = IntStream.range(0, 5).mapToObj(i -> env.random().nextLong()).toList();
    ManualEnvironment same = ManualEnvironment.direct(42);
    List<Long> b = IntStream.range(0, 5).mapToObj(i -> same.random().nextLong()).toList();
    ManualEnvironment other = ManualEnvironment.direct(43);
    List<Long> c = IntStream.range(0, 5).mapToObj(i -> other.random().nextLong()).toList();

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(env.seed()).isEqualTo(42);
  }

  @Test
  void theDirectExecutorRunsInlineOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    List<Thread> seen = new ArrayList<>();
    env.executor().execute(() -> seen.add(Thread.currentThread()));
    assertThat(seen).containsExactly(caller);
  }

  @Test
  void theVirtualThreadExecutorRunsTasksOnVirtualThreads() throws Exception {
    try (ManualEnvironment virtual = ManualEnvironment.virtualThreads(1)) {
      CompletableFuture<Boolean> isVirtual = new CompletableFuture<>();
      virtual.executor().execute(() -> isVirtual.complete(Thread.currentThread().isVirtual()));
      assertThat(isVirtual.get(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeWaitsForVirtualThreadTasks() {
    List<Integer> done = new CopyOnWriteArrayList<>();
    ManualEnvironment virtual = ManualEnvironment.virtualThreads(1);
    for (int i = 0; i < 100; i++) {
      int n = i;
      virtual.executor().execute(() -> done.add(n));
    }
    virtual.close();
    assertThat(done).hasSize(100);
  }

  @Test
  void aTaskIsBusyUntilItEndsExceptWhileItWaitsOnTheClock() throws Exception {
    try (ManualEnvironment timers = ManualEnvironment.concurrentTimers(1)) {
      java.util.concurrent.CountDownLatch work = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch more = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      assertThat(timers.idle()).isTrue();
      timers.executor().execute(() -> {
        try {
          work.await();
          timers.sleep(Duration.ofMillis(10));
          more.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        done.set(true);
      });
      assertThat(timers.idle()).as("submitted and working").isFalse();
      work.countDown();
      Await.until("waiting on the clock only", () -> timers.idle() && timers.pendingTasks() == 1);
      timers.advance(Duration.ofMillis(10));
      assertThat(timers.idle()).as("woken and working again").isFalse();
      more.countDown();
      timers.driveUntil(done::get);
      Await.until("the task ended", timers::idle);
    }
  }
}
