package io.jointflow.lambda;

import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.ComputeBackendContract;
import io.jointflow.testkit.ServerlessOffline;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link LambdaBackend} passes the compute backend contract against serverless-offline: function
 * {@code f} is a Node function that POSTs its event to a {@link Relay} in this JVM, which hands the
 * envelope to the contract's sink. Two rules are adapted, and say so: Lambda (not the backend)
 * enforces a function's reserved concurrency, which serverless-offline does not emulate, so the
 * backend must report no limit of its own; and the chain of functions invoking functions is 200
 * hops long, each a real Invoke round trip, instead of 20,000 in-process ones. The 2,000
 * invocations from 8 callers are sent as in every backend's run.
 */
class LambdaBackendContractIT extends ComputeBackendContract {
  private static ServerlessOffline sls;
  private static Relay relay;

  @BeforeAll
  static void start() throws Exception {
    relay = new Relay();
    sls = ServerlessOffline.builder("contract").node("f", Relay.NODE).environment("SINK_URL", relay.url()).start();
  }

  @AfterAll
  static void stop() {
    if (sls != null) {
      System.out.println("serverless-offline's last lines:\n" + sls.log()); // into the failsafe report
      sls.close();
    }
    if (relay != null) {
      relay.close();
    }
  }

  @Override
  protected ComputeBackend newBackend(Consumer<Envelope> sink, int concurrency) {
    relay.sink(sink);
    return Fixtures.open(Fixtures.cloud(sls.endpoint(), sls.functionPrefix()));
  }

  @Override
  protected boolean limitsConcurrency() {
    return false;
  }

  @Override
  protected int hops() {
    return 200;
  }
}
