package io.jointflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What one {@code jointflow} command line run in this JVM gave: its exit code, stdout and stderr.
 *
 * @param code the exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliResult(int code, String out, String err) {
  /** Runs {@code jointflow ARGS} in this JVM (thread safe: each run has its own streams). */
  static CliResult of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliResult(code, out.toString(), err.toString());
  }
}
