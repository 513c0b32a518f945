package io.jointflow.cli;

import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.function.JointflowException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow runs list|show|resume}: the runs kept in a state store. */
@Command(name = "runs", description = "Inspect and resume the runs kept in the state store.",
    subcommands = {RunsCommand.List.class, RunsCommand.Show.class, RunsCommand.Resume.class})
final class RunsCommand implements Runnable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list, show, resume");
  }

  private static String took(RunInfo r) {
    return r.endedAt() == null ? "" : Format.duration(Duration.between(r.startedAt(), r.endedAt()));
  }

  /** {@code runs list}. */
  @Command(name = "list", description = "List runs, newest first.")
  static final class List implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOptions state = new StateOptions();

    @Option(names = "--limit", defaultValue = "50", description = "At most this many runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Session s = Session.open(state)) {
        java.util.List<RunInfo> runs = s.jointflow().runs();
        if (runs.isEmpty()) {
          out.println("no runs in " + state.shownState());
          return 0;
        }
        out.printf(Locale.ROOT, "%-32s %-16s %-10s %-19s %10s  %s%n", "run", "app", "status", "started", "took", "failure");
        runs.stream().limit(limit).forEach(r -> out.printf(Locale.ROOT, "%-32s %-16s %-10s %-19s %10s  %s%n",
            r.runId(), r.app(), r.status().name().toLowerCase(Locale.ROOT), TIME.format(r.startedAt()), took(r),
            Format.abbreviate(r.failure(), 60)));
        if (runs.size() > limit) {
          out.println("(" + (runs.size() - limit) + " more; --limit)");
        }
      }
      return 0;
    }
  }

  /** {@code runs show RUN}. */
  @Command(name = "show", description = "Show a run: status, inputs, result or failure, per-function summary.")
  static final class Show implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN")
    String runId;

    @Mixin
    StateOptions state = new StateOptions();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Session s = Session.open(state)) {
        RunInfo r = s.jointflow().run(runId).info();
        out.println("run:      " + r.runId());
        out.println("app:      " + r.app() + (r.source() == null ? "" : "  (" + r.source() + ")"));
        out.println("status:   " + r.status().name().toLowerCase(Locale.ROOT));
        out.println("started:  " + TIME.format(r.startedAt()) + (r.endedAt() == null ? "" : "  took " + took(r)));
        out.println("inputs:   " + (r.inputs().isEmpty() ? "(none)" : String.join(", ",
            r.inputs().entrySet().stream().map(e -> e.getKey() + " (" + Format.bytes(e.getValue()) + ")").toList())));
        if (r.failure() != null) {
          out.println("failure:  " + r.failure());
        }
        if (r.result() != null) {
          out.println("result:   " + Format.abbreviate(Format.result(r.result()), 2000));
        }
        Format.summary(r, out);
        Timeline.print(s.jointflow().run(runId), out);
      }
      return 0;
    }
  }

  /** {@code runs resume RUN}. */
  @Command(name = "resume", description = {"Resume a failed, cancelled or interrupted run: re-invoke its pending instances.",
      "Finished steps are not run again. The app definition is read from where the run was started (or --app)."})
  static final class Resume implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN")
    String runId;

    @Option(names = "--app", paramLabel = "APP", description = "The app definition, if it moved since the run started.")
    Path app;

    @Mixin
    FollowOptions follow = new FollowOptions();

    @Mixin
    StateOptions state = new StateOptions();

    @Override
    public Integer call() {
      Duration limit = follow.limit();
      try (Session s = Session.open(state)) {
        RunInfo r = s.jointflow().run(runId).info();
        Path def = app != null ? app : r.source() == null ? null : Path.of(r.source());
        if (def == null || !Files.exists(def)) {
          throw new JointflowException("run '" + runId + "' of app '" + r.app() + "' needs its definition"
              + (def == null ? "" : " (was " + def + ", now missing)") + "; pass it with --app FILE");
        }
        s.deploy(Session.load(def), def);
        RunHandle h = s.jointflow().resume(runId);
        // Only exactly-once runs are in the store to be resumed.
        RunAdvice advice = RunAdvice.of(state.state, io.jointflow.app.Mode.EXACTLY_ONCE, def);
        return Follow.follow(h, limit, follow.quiet, advice, spec.commandLine().getOut(), spec.commandLine().getErr());
      }
    }
  }
}
