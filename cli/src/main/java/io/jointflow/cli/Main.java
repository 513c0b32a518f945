package io.jointflow.cli;

import io.jointflow.definition.DefinitionException;
import io.jointflow.function.JointflowException;
import java.io.PrintWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jointflow} command line. */
@Command(name = "jointflow", mixinStandardHelpOptions = true, version = "jointflow 0.1.0",
    description = {"Serverless workflows with data-centric triggers and exactly-once results.",
        "'run' runs embedded in this JVM (local backend, SQLite or Redis state, filesystem blobs);",
        "'worker' hosts one cloud of a clouds file and reaches the others' workers over signed HTTP;",
        "'cluster up' starts a worker per cloud and a gateway on this machine."},
    subcommands = {RunCommand.class, ValidateCommand.class, RunsCommand.class, WorkerCommand.class, ClusterCommand.class,
        GatewayCommand.class, PlanCommand.class, PackageCommand.class, FlCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:", "  jointflow run examples/chain.yaml", "  jointflow run examples/wordcount.yaml --input text=@my.txt",
        "  jointflow validate examples/*.yaml", "  jointflow validate app.yaml examples/clouds/two-clouds.yaml",
        "  jointflow runs list", "  jointflow worker --cloud aws --config clouds.yaml --app app.yaml [--app other.yaml]",
        "  jointflow cluster up clouds.yaml app.yaml [other.yaml] && jointflow run app.yaml --cluster URL",
        "  jointflow package --cloud aws --clouds clouds.yaml app.yaml -o app.jar"})
public final class Main implements Runnable {
  /** Exit code of a run that failed or was cancelled. */
  static final int RUN_FAILED = 1;
  /** Exit code of bad usage, a bad definition or bad input. */
  static final int BAD_INPUT = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams and returns the exit code (for tests). */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    configureLogging(false);
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof DefinitionException d) {
        d.diagnostics().forEach(x -> err.println(x));
        err.println("jointflow: " + d.diagnostics().size() + " error" + (d.diagnostics().size() == 1 ? "" : "s")
            + " in " + d.diagnostics().get(0).file() + "; nothing was run or changed");
        return BAD_INPUT;
      }
      if (e instanceof JointflowException || e instanceof IllegalArgumentException) {
        return report(e, err);
      }
      throw e;
    });
    return cl.execute(args);
  }

  /**
   * Prints a failure the user can act on, and what went wrong while the command cleaned up after it
   * (its suppressed exceptions: say, the records a failed fl run could not delete, with the command
   * that does), one line each.
   */
  static int report(Exception e, PrintWriter err) {
    err.println("jointflow: " + e.getMessage());
    for (Throwable also : e.getSuppressed()) {
      err.println("jointflow: and, cleaning up: " + also.getMessage());
    }
    return BAD_INPUT;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, validate, runs, worker, cluster, package");
  }

  /** Libraries of the Redis store, whose debug records would drown ours under -v; kept so their levels stick. */
  private static final List<Logger> QUIET = List.of(Logger.getLogger("io.netty"), Logger.getLogger("io.lettuce"),
      Logger.getLogger("reactor"));

  /** One-line log records on stderr; warnings only unless verbose. */
  static void configureLogging(boolean verbose) {
    QUIET.forEach(l -> l.setLevel(Level.WARNING));
    System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
    Logger root = Logger.getLogger("");
    root.setLevel(verbose ? Level.FINE : Level.WARNING);
    for (var h : root.getHandlers()) {
      h.setLevel(verbose ? Level.FINE : Level.WARNING);
      h.setFormatter(new java.util.logging.SimpleFormatter());
    }
  }
}
