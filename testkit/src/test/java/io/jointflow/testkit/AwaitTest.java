package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void returnsOnceAnotherThreadMadeTheConditionTrue() throws Exception {
    AtomicBoolean flag = new AtomicBoolean();
    Thread setter = Thread.ofVirtual().start(() -> flag.set(true));
    Await.until("the flag is set", flag::get);
    assertThat(flag).isTrue();
    setter.join();
  }

  @Test
  void aConditionThatAlreadyHoldsIsCheckedOnce() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("always", () -> polls.incrementAndGet() > 0);
    assertThat(polls).hasValue(1);
  }

  @Test
  void aConditionThatNeverHoldsFailsNamingIt() {
    assertThatThrownBy(() -> Await.until("the moon turns blue", () -> false, Duration.ofMillis(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("still waiting after PT0.001S (a hang?) for: the moon turns blue");
  }
}
