package io.jointflow.cli;

import io.jointflow.fl.FlConfig;
import io.jointflow.fl.FlReport;
import io.jointflow.fl.Federation;
import io.jointflow.fl.MethodResult;
import io.jointflow.fl.Point;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow fl train fl.yaml}: federated learning (NebulaFL and baselines) on the clouds of a clouds file. */
@Command(name = "fl", description = "Federated learning across clouds (NebulaFL, FedAvg, FedAsync, FedBuff, HierFedAvg).",
    subcommands = {FlCommand.Train.class})
final class FlCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: train");
  }

  /** {@code fl train}. */
  @Command(name = "train", description = {"Train every method of an fl.yaml in emulated time, each step a Jointflow run on",
      "its data center's cloud; print a comparison and write report.txt, curves.csv and PNG charts."},
      footer = {"", "Example:", "  jointflow fl train examples/fl/fl.yaml --out fl-report"})
  static final class Train implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FL_YAML", description = "The job (format: docs/fl.md).")
    Path file;

    @Option(names = "--out", defaultValue = "fl-report", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--methods", split = ",", description = "Only these methods (default: the file's).")
    List<String> methods;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter outw = spec.commandLine().getOut();
      FlConfig c = FlConfig.load(file);
      List<String> ms = methods != null ? methods : c.methods();
      double budget = c.setup().options().budget();
      List<MethodResult> results = Federation.run(c.setup(), ms, (m, p) -> bar(err, m, p, budget));
      err.println();
      String text = FlReport.text(c.name(), c.setup(), results, c.target());
      outw.print(text);
      outw.flush();
      List<Path> files = FlReport.write(out, c.name(), c.setup(), results, c.target());
      err.println("fl: wrote " + files.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
      return 0;
    }

    private static void bar(PrintWriter err, String method, Point p, double budget) {
      int width = 30;
      int done = (int) Math.round(width * Math.min(1, p.time() / budget));
      err.printf(Locale.ROOT, "\r%-11s [%s%s] %3.0f%%  accuracy %.3f  rent %.4g  cross-cloud %s%s", method,
          "#".repeat(done), ".".repeat(width - done), 100 * p.time() / budget, p.accuracy(), p.cost(),
          Format.bytes(p.crossCloudBytes()), p.time() >= budget ? "\n" : "");
      err.flush();
    }
  }
}
