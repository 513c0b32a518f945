package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jointflow apps a cluster serves for an fl job, as app files ({@code docs/app-format.md}) to
 * start the cluster with: for every pair of data centers D, A a job app {@code fl-job-D-to-A}
 * (train on D's cloud, aggregate on A's) and a transfer app {@code fl-move-D-to-A} (send on D,
 * receive on A); for every data center D an agent app {@code fl-agent-D}. Every function has
 * config {@code fl}, the absolute path of the job's fl.yaml, from which the worker builds the job,
 * and the same {@code timeout}: how long an execution may take before it counts as lost and runs
 * again (a worker killed mid-execution costs that long).
 */
public final class FlApps {
  private FlApps() {}

  static String jobApp(int dc, int aggregator) {
    return "fl-job-" + dc + "-to-" + aggregator;
  }

  static String moveApp(int src, int dst) {
    return "fl-move-" + src + "-to-" + dst;
  }

  static String agentApp(int dc) {
    return "fl-agent-" + dc;
  }

  /** The functions' default timeout: well above a training job on the benchmark's data, even under load. */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(1);

  /**
   * Writes the app files of the job {@code flYaml} into {@code dir}, every function with {@code timeout}.
   *
   * @return the files written, agents first
   */
  public static List<Path> write(Path flYaml, Path dir, java.time.Duration timeout) {
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("fl apps' timeout must be at least 1 ms: " + timeout);
    }
    Path job = flYaml.toAbsolutePath().normalize();
    FlConfig c = FlConfig.load(job);
    if (c.setup().clouds() == null) {
      throw new JointflowException("fl file '" + job + "' names no clouds file; a cluster runs on the clouds of one"
          + " (add 'clouds: FILE' with the cluster's clouds)");
    }
    List<String> dcs = c.setup().dataCenters();
    String config = "{fl: " + quote(job.toString()) + "}, timeout: " + timeout.toMillis() + "ms";
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (int d = 0; d < dcs.size(); d++) {
        files.add(write(dir, agentApp(d), """
            # An fl agent's operations, kept in the state store of cloud %2$s (written by 'jointflow fl apps').
            app: %1$s
            mode: exactly-once
            functions:
              operate: {class: io.jointflow.fl.AgentFunction, placement: [%2$s], max-attempts: 3, config: %3$s}
            """.formatted(agentApp(d), quote(dcs.get(d)), config)));
      }
      for (int d = 0; d < dcs.size(); d++) {
        for (int a = 0; a < dcs.size(); a++) {
          files.add(write(dir, jobApp(d, a), """
              # A training job: train on %2$s, merge on %3$s (written by 'jointflow fl apps').
              app: %1$s
              mode: exactly-once
              functions:
                train: {class: io.jointflow.fl.TrainFunction, outputs: [updates], placement: [%2$s], max-attempts: 2, config: %4$s}
                aggregate: {class: io.jointflow.fl.AggregateFunction, placement: [%3$s], max-attempts: 3, config: %4$s}
              buckets:
                updates:
                  triggers:
                    - {name: arrivals, type: immediate, target: aggregate}
              """.formatted(jobApp(d, a), quote(dcs.get(d)), quote(dcs.get(a)), config)));
          files.add(write(dir, moveApp(d, a), """
              # A model transfer from %2$s to %3$s (written by 'jointflow fl apps').
              app: %1$s
              mode: exactly-once
              functions:
                send: {class: io.jointflow.fl.SendFunction, outputs: [wire], placement: [%2$s], config: %4$s}
                receive: {class: io.jointflow.fl.ReceiveFunction, placement: [%3$s], config: %4$s}
              buckets:
                wire:
                  triggers:
                    - {name: arrivals, type: immediate, target: receive}
              """.formatted(moveApp(d, a), quote(dcs.get(d)), quote(dcs.get(a)), config)));
        }
      }
    } catch (IOException e) {
      throw new JointflowException("cannot write the fl apps into '" + dir + "': " + e.getMessage(), e);
    }
    return files;
  }

  private static Path write(Path dir, String app, String text) throws IOException {
    return Files.writeString(dir.resolve(app + ".yaml"), text);
  }

  /** A YAML double-quoted scalar. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
