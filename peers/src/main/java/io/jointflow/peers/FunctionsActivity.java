package io.jointflow.peers;

import io.jointflow.cloud.WakeUpLateness;
import io.jointflow.function.Handler;
import io.jointflow.function.TerminalException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The functions behind the peer's activity: the request travels from the orchestrator's cloud to
 * the function's (one emulated one-way delay, with its bytes), the same handler as Jointflow's runs
 * there with that cloud's emulated duration, and the outcome travels back (another one-way delay).
 * This is a synchronous invocation by a central orchestrator: every transition pays the round trip
 * to the orchestrator's cloud, and every object passes through it.
 */
final class FunctionsActivity implements Functions {
  private final PeerNetwork network;
  private final String orchestrator;
  private final ClassLoader loader;
  private final Consumer<Invocation> sink;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  /** Corrects the delays for the clock's wake-up lateness, as Jointflow's emulator does (same class). */
  private final WakeUpLateness lateness = new WakeUpLateness();

  FunctionsActivity(PeerNetwork network, String orchestrator, ClassLoader loader, Consumer<Invocation> sink) {
    this.network = network;
    this.orchestrator = orchestrator;
    this.loader = loader;
    this.sink = sink;
  }

  @Override
  public Outcome invoke(String runId, String function, Plan.Step step, List<Item> inputs, boolean isResult) {
    long in = inputs.stream().mapToLong(i -> i.value().length).sum();
    Duration request = network.oneWay(orchestrator, step.cloud(), in);
    sleep(request);
    PeerCall call = new PeerCall(runId, function, step.cloud(), step.config(), inputs);
    long t0 = System.nanoTime();
    Object result;
    try {
      result = handler(step.handlerClass()).handle(call);
    } catch (TerminalException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "TerminalException");
    } catch (Exception e) {
      throw ApplicationFailure.newFailure(String.valueOf(e), e.getClass().getName());
    }
    long ended = System.nanoTime();
    long handlerNanos = ended - t0;
    byte[] resultBytes = result == null || !isResult ? null : PeerObj.encode(result);
    long out = call.emitted().stream().mapToLong(i -> i.value().length).sum() + (resultBytes == null ? 0 : resultBytes.length);
    Duration response = network.oneWay(step.cloud(), orchestrator, out);
    sleep(response);
    sink.accept(new Invocation(runId, function, step.cloud(), handlerNanos, request.plus(response).toNanos(), in, out,
        ended));
    return new Outcome(List.copyOf(call.emitted()), resultBytes);
  }

  private Handler handler(String className) {
    return handlers.computeIfAbsent(className, c -> {
      try {
        return (Handler) Class.forName(c, true, loader).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException("handler class '" + c + "' cannot be instantiated: " + e, e);
      }
    });
  }

  private void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      long ask = lateness.ask(d.toNanos());
      long t0 = System.nanoTime();
      Thread.sleep(Duration.ofNanos(ask));
      lateness.woke(ask, System.nanoTime() - t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted during the emulated network delay", "Interrupted");
    }
  }
}
