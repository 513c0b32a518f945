package io.jointflow.aliyun;

import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.ComputeBackendContract;
import io.jointflow.testkit.FcStandIn;
import io.jointflow.worker.EnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link ComputeBackendContract} for {@link FcBackend} against the FC stand-in: the stand-in
 * runs accepted async invocations (at most {@code concurrency} at once, as FC's concurrency limit
 * does) by decoding the envelope and handing it to the sink.
 */
class FcBackendContractTest extends ComputeBackendContract {
  static final String KEY_ID = "LTAIstandinkey";
  private final List<FcStandIn> standIns = new ArrayList<>();

  @Override
  protected ComputeBackend newBackend(Consumer<Envelope> sink, int concurrency) {
    FcStandIn fc = FcStandIn.start(KEY_ID, concurrency);
    standIns.add(fc);
    EnvelopeCodec codec = new EnvelopeCodec(FcStandIn.ASYNC_LIMIT);
    fc.deploy("jf-f", body -> {
      sink.accept(codec.decode(body, null));
      return new byte[0];
    });
    return FcBackend.create("ali", options(fc), new FcCredentials(KEY_ID, "secret", null));
  }

  /** Each hop is an HTTP round trip through the FC SDK (about 2.4 ms here): 2,000 keep the test short. */
  @Override
  protected int hops() {
    return 2_000;
  }

  static FcOptions options(FcStandIn fc) {
    return new FcOptions("cn-hangzhou", fc.endpoint(), "jf-", null, FcStandIn.ASYNC_LIMIT,
        new ComputeBackend.Billing(0.000016, 0.0000002, java.time.Duration.ofMillis(1)),
        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30));
  }

  @AfterEach
  void stopStandIns() {
    standIns.forEach(FcStandIn::close);
  }
}
