package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ComputeBackend}, as rules every implementation must pass: invocations are
 * asynchronous, every accepted one is delivered, the concurrency limit holds, functions may invoke
 * further functions without limit on depth, and a closed backend refuses work with a
 * non-retryable {@link BackendException}. Subclass it and implement {@link #newBackend}.
 */
public abstract class ComputeBackendContract {
  /** Bounds the waits for delivered work on latches; only turns a hang into a failure. */
  private static final long WAIT_SECONDS = Await.HANG_GUARD.toSeconds();
  private final List<ComputeBackend> opened = new ArrayList<>();

  /**
   * A backend that delivers every accepted invocation to {@code sink} (the function-side runtime)
   * and runs at most {@code concurrency} invocations of one function at once.
   */
  protected abstract ComputeBackend newBackend(Consumer<Envelope> sink, int concurrency);

  /**
   * Whether the backend itself keeps to the concurrency it was given. A cloud backend whose cloud
   * enforces the function's concurrency (Lambda's reserved concurrency) returns false, and must then
   * report {@code maxConcurrency} 0: the caller need not hold invocations back.
   */
  protected boolean limitsConcurrency() {
    return true;
  }

  /**
   * How many hops {@link #functionsMayInvokeFunctionsToAnyDepth} chains: 20,000 by default, enough
   * to overflow any stack that grew per hop; a backend whose every hop is a network round trip to
   * another process (no stack to grow) may chain fewer.
   */
  protected int hops() {
    return 20_000;
  }

  private ComputeBackend backend(Consumer<Envelope> sink, int concurrency) {
    ComputeBackend b = newBackend(sink, concurrency);
    opened.add(b);
    return b;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(ComputeBackend::close);
  }

  /** An envelope for function {@code f} with instance id {@code id}. */
  protected static Envelope envelope(String f, String id) {
    return new Envelope("app", "run", f, id, "start", List.of(), List.of(), 0, 0, Long.MAX_VALUE, "run", null);
  }

  @Test
  void invokeAsyncReturnsBeforeTheFunctionHasRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    ComputeBackend b = backend(e -> {
      await(release);
      done.countDown();
    }, 4);
    b.invokeAsync("f", envelope("f", "i1"));
    assertThat(done.getCount()).as("the function must not have completed inside invokeAsync").isEqualTo(1);
    release.countDown();
    assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void everyAcceptedInvocationIsDeliveredFromManyCallers() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch all = new CountDownLatch(2000);
    ComputeBackend b = backend(e -> {
      if (seen.add(e.instanceId())) {
        all.countDown();
      }
    }, 1000);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int first = t * 250;
      callers.add(Thread.ofPlatform().start(() -> {
        for (int i = first; i < first + 250; i++) {
          b.invokeAsync("f", envelope("f", "i" + i));
        }
      }));
    }
    for (Thread t : callers) {
      t.join();
    }
    assertThat(all.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("delivered %d of 2000", seen.size()).isTrue();
  }

  @Test
  void noMoreThanTheConcurrencyLimitRunAtOnce() throws Exception {
    if (!limitsConcurrency()) {
      assertThat(backend(e -> { }, 3).limits().maxConcurrency())
          .as("a backend that leaves concurrency to its cloud reports no limit of its own").isZero();
      return;
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(40);
    ComputeBackend b = backend(e -> {
      int now = running.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(2); // simulated work, so that a backend without a limit would let more in meanwhile
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      done.countDown();
    }, 3);
    for (int i = 0; i < 40; i++) {
      b.invokeAsync("f", envelope("f", "i" + i));
    }
    assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void functionsMayInvokeFunctionsToAnyDepth() throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    AtomicInteger hops = new AtomicInteger();
    ComputeBackend[] self = new ComputeBackend[1];
    int depth = hops();
    self[0] = backend(e -> {
      if (hops.incrementAndGet() < depth) {
        self[0].invokeAsync("f", envelope("f", "i" + hops.get()));
      } else {
        end.countDown();
      }
    }, 1);
    self[0].invokeAsync("f", envelope("f", "i0"));
    assertThat(end.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("reached %d hops", hops.get()).isTrue();
  }

  @Test
  void aClosedBackendRefusesWorkAndSaysItIsNotRetryable() {
    ComputeBackend b = backend(e -> { }, 1);
    assertThat(b.health().healthy()).isTrue();
    b.close();
    assertThat(b.health().healthy()).isFalse();
    assertThatThrownBy(() -> b.invokeAsync("f", envelope("f", "late")))
        .isInstanceOf(BackendException.class)
        .satisfies(e -> assertThat(((BackendException) e).retryable()).isFalse())
        .hasMessageContaining("closed");
  }

  @Test
  void limitsAndBillingAreWellFormed() {
    ComputeBackend b = backend(e -> { }, 1);
    assertThat(b.name()).isNotBlank();
    assertThat(b.limits().maxPayloadBytes()).isPositive();
    assertThat(b.limits().maxConcurrency()).isNotNegative();
    assertThat(b.billing().pricePerGbSecond()).isNotNegative();
    assertThat(b.billing().pricePerRequest()).isNotNegative();
    assertThat(b.billing().granularity().isNegative()).isFalse();
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
