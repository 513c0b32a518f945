package io.jointflow.cli;

import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.Diagnostic;
import io.jointflow.definition.LoadedApp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow validate FILE...}: checks definitions without running or storing anything. */
@Command(name = "validate", description = {"Check app definitions: every error with file, line and column.",
    "Handler classes are checked against the classpath and the definition's jars. Nothing is run or stored.",
    "Exit codes: 0 all valid, 2 errors found."})
final class ValidateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "APP", description = "Definition files (.yaml, .yml, .json).")
  List<Path> files;

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int errors = 0;
    for (Path f : files) {
      List<Diagnostic> d = AppDefinitions.check(f, Main.class.getClassLoader());
      if (d.isEmpty()) {
        LoadedApp app = AppDefinitions.load(f, Main.class.getClassLoader());
        out.println(f + ": ok: app '" + app.app().name() + "' (" + app.app().mode().configName() + "), "
            + count(app.app().functions().size(), "function") + ", " + count(app.app().buckets().size(), "bucket")
            + ", " + count(app.app().triggers().size(), "trigger") + "; entry '" + app.app().entry()
            + "', result '" + app.app().result() + "'");
      } else {
        d.forEach(err::println);
        errors += d.size();
      }
    }
    if (errors > 0) {
      err.println("jointflow: " + errors + " error" + (errors == 1 ? "" : "s"));
      return Main.BAD_INPUT;
    }
    return 0;
  }
}
