package io.jointflow.cli;

import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;

/** Waits for a run while reporting progress on stderr, then prints its outcome. */
final class Follow {
  private Follow() {}

  /** Follows a run until it ends or {@code timeout} passes; returns the exit code. */
  static int follow(RunHandle run, Duration timeout, boolean quiet, RunAdvice advice, PrintWriter out,
      PrintWriter err) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long lastReport = start;
    boolean tty = System.console() != null;
    String last = "";
    RunInfo info;
    // Ctrl-C: say how to continue the run, or that it is gone.
    Thread hint = new Thread(() -> {
      err.println();
      err.println(advice.afterInterrupt(run.runId()));
      err.flush();
    });
    Runtime.getRuntime().addShutdownHook(hint);
    try {
      return report(run, start, deadline, lastReport, tty, last, quiet, advice, out, err);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  private static int report(RunHandle run, long start, long deadline, long lastReport, boolean tty,
      String last, boolean quiet, RunAdvice advice, PrintWriter out, PrintWriter err) {
    RunInfo info;
    long idleSince = System.nanoTime();
    long lastCompleted = -1;
    boolean explained = false;
    while (true) {
      info = run.await(Duration.ofMillis(250));
      if (info.status().terminal() || System.nanoTime() > deadline) {
        break;
      }
      long now = System.nanoTime();
      var progress = run.progress();
      if (progress.running() > 0 || progress.completed() != lastCompleted) {
        idleSince = now;
        lastCompleted = progress.completed();
      } else if (!explained && now - idleSince > 3_000_000_000L) {
        // Nothing ran for a while: say what the run waits for, in case it never comes.
        explained = true;
        var waiting = run.waitingOn();
        if (!waiting.isEmpty()) {
          err.println((tty ? "\r" : "") + "run " + run.runId() + " has been idle for 3 s; waiting for:");
          waiting.forEach(w -> err.println("  " + w));
          err.flush();
          last = "";
        }
      }
      if (!quiet && now - lastReport >= 1_000_000_000L) {
        lastReport = now;
        var p = run.progress();
        String line = String.format("[%.1fs] run %s: %d instances done, %d running",
            (now - start) / 1e9, run.runId(), p.completed(), p.running());
        if (!line.equals(last)) {
          err.print(tty ? "\r" + line : line + "\n");
          err.flush();
          last = line;
        }
      }
    }
    if (tty && !last.isEmpty()) {
      err.print("\r" + " ".repeat(last.length()) + "\r");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (info.status() == RunStatus.SUCCEEDED) {
      out.println(Format.result(info.result()));
      if (!quiet) {
        err.println("run " + info.runId() + " of app '" + info.app() + "' succeeded in " + Format.duration(took));
        Format.summary(info, err);
      }
      return 0;
    }
    if (info.status() == RunStatus.RUNNING) {
      err.println("run " + info.runId() + " is still running after " + Format.duration(took) + " (--timeout)"
          + advice.afterTimeout(info.runId()));
      return Main.RUN_FAILED;
    }
    err.println("run " + info.runId() + " of app '" + info.app() + "' " + info.status().name().toLowerCase()
        + " after " + Format.duration(took) + ": " + info.failure());
    Format.summary(info, err);
    advice.afterFailure(info.runId()).forEach(err::println);
    return Main.RUN_FAILED;
  }
}
