package io.jointflow.core;

import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cloud's compute backend under emulation: an invocation from another cloud (or the same) is
 * accepted after a round trip and delivered one one-way delay after it was sent, plus a cold start
 * when the function has been idle longer than the cloud's keep-alive window; during an outage
 * window (of the cloud, or of the function there) or by the cloud's error rate it is refused with a
 * retryable {@link BackendException} after a round trip (the refusal travels back), so the caller
 * fails over. The functions really run (on the wrapped backend).
 */
final class EmulatedBackend implements ComputeBackend {
  private final ComputeBackend delegate;
  private final String cloud;
  private final Emulator emulator;
  private final Map<String, Long> lastStart = new ConcurrentHashMap<>();
  private final Map<String, Boolean> coldStarts;

  /**
   * @param coldStarts where the instances that started cold are noted ({@code instanceId@attempt}),
   *     for their spans
   */
  EmulatedBackend(ComputeBackend delegate, String cloud, Emulator emulator, Map<String, Boolean> coldStarts) {
    this.delegate = delegate;
    this.cloud = cloud;
    this.emulator = emulator;
    this.coldStarts = coldStarts;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void invokeAsync(String function, Envelope envelope) {
    boolean down = emulator.down(cloud, function);
    if (down || emulator.refuses(cloud)) {
      // The refusal comes back over the network, as a real async invoke's error response does.
      emulator.roundTrip(Emulation.Effect.REFUSAL, cloud, 0, envelope.instanceId());
      throw new BackendException("cloud '" + cloud + "' " + (down ? "did not accept" : "refused") + " an invocation of '"
          + function + "' (emulated " + (down ? "outage" : "error rate") + ")", null, true);
    }
    long bytes = Payloads.inlineBytes(envelope);
    long limit = limits().maxPayloadBytes();
    if (bytes > limit) {
      // As the real cloud does (Lambda: RequestEntityTooLargeException); Payloads.fit keeps the runtime's own under it.
      throw new BackendException("cloud '" + cloud + "' refused an invocation of '" + function + "': its payload of "
          + bytes + " bytes is above the cloud's async payload limit of " + limit + " bytes (emulated)", null, false);
    }
    long at = emulator.env().nanoTime();
    Duration oneWay = emulator.oneWay(cloud, bytes);
    Duration delay = oneWay.plus(coldStart(envelope, oneWay));
    emulator.observe(Emulation.Effect.DELIVERY, cloud, delay, envelope.instanceId(), at);
    if (delay.isZero()) {
      delegate.invokeAsync(function, envelope);
      return;
    }
    emulator.schedule(delay, () -> {
      try {
        delegate.invokeAsync(function, envelope);
      } catch (BackendException e) {
        // accepted but not delivered: its pending record lets a sweeper re-invoke it
      }
    });
    if (emulator.inStep()) {
      Duration accepted = oneWay.plus(emulator.oneWay(cloud, 0));
      emulator.observe(Emulation.Effect.ACCEPTANCE, cloud, accepted, envelope.instanceId(), at);
      emulator.sleep(accepted); // the caller waits for the acceptance
    }
  }

  /** The cold start this invocation pays, if the function was idle longer than the keep-alive window. */
  private Duration coldStart(Envelope e, Duration arrivesIn) {
    Emulation.ColdStart c = emulator.emulation().coldStart(cloud);
    if (c == null) {
      return Duration.ZERO;
    }
    long arrival = emulator.env().nanoTime() + arrivesIn.toNanos();
    Long last = lastStart.put(e.app() + "/" + e.function(), arrival);
    boolean cold = last == null || arrival - last > c.keepAlive().toNanos();
    if (cold) {
      coldStarts.put(e.instanceId() + "@" + e.attempt(), Boolean.TRUE);
    }
    return cold ? c.duration() : Duration.ZERO;
  }

  @Override
  public Health health() {
    return emulator.down(cloud) ? new Health(false, "emulated outage of cloud '" + cloud + "'") : delegate.health();
  }

  @Override
  public Limits limits() {
    Limits l = delegate.limits();
    return new Limits(Math.min(l.maxPayloadBytes(), emulator.emulation().payloadLimit(cloud)), l.maxConcurrency());
  }

  @Override
  public Billing billing() {
    return delegate.billing();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
