package io.jointflow.worker;

import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.ComputeBackendContract;
import io.jointflow.testkit.ManualEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * The worker backend passes the compute backend contract: the contract's sink sits behind a real
 * worker server on a loopback socket, which enforces the concurrency limit.
 */
class WorkerBackendTest extends ComputeBackendContract {
  private final ManualEnvironment env = ManualEnvironment.virtualThreads(5);
  private final RequestSigner signer = RequestSigner.create(SigningKey.of(SigningKeyTest.SECRET), env);
  private final List<WorkerServer> servers = new ArrayList<>();

  @Override
  protected ComputeBackend newBackend(Consumer<Envelope> sink, int concurrency) {
    WorkerServer server = WorkerServer.builder().environment(env).signer(signer).sink(sink)
        .function("f", concurrency).build();
    servers.add(server);
    server.start();
    return WorkerBackend.create(server.uri(), signer, WorkerBackendOptions.builder()
        .limits(new ComputeBackend.Limits(WorkerOptions.DEFAULT_MAX_BODY_BYTES, concurrency)).build());
  }

  @AfterEach
  void stopServers() {
    servers.forEach(WorkerServer::close);
    env.close();
  }
}
