package io.jointflow.core;

import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.ComputeBackendContract;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** The local backend passes the compute backend contract. */
class LocalBackendTest extends ComputeBackendContract {
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @Override
  protected ComputeBackend newBackend(Consumer<Envelope> sink, int concurrency) {
    return new LocalBackend(executor, sink, e -> concurrency);
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }
}
