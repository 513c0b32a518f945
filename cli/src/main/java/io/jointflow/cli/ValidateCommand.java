package io.jointflow.cli;

import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Placement;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.Diagnostic;
import io.jointflow.definition.LoadedApp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jointflow validate FILE...}: checks app definitions and clouds files without running or
 * storing anything. A file with a top-level {@code clouds} key is a clouds file; the apps given
 * with it are also checked against it (their placement names its clouds, their profiles exist).
 */
@Command(name = "validate", description = {"Check app definitions and clouds files: every error with file, line and column.",
    "A file with a top-level 'clouds' key is a clouds file; apps given with one are checked against it",
    "(every cloud their placement names exists, every profile exists in its function's primary cloud).",
    "Handler classes are checked against the classpath and the definition's jars. Nothing is run or stored.",
    "Exit codes: 0 all valid, 2 errors found."})
final class ValidateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "App definitions and clouds files (.yaml, .yml, .json).")
  List<Path> files;

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int errors = 0;
    List<Path> apps = new ArrayList<>();
    Map<Path, Clouds> clouds = new LinkedHashMap<>();
    for (Path f : files) {
      if (!CloudsDefinitions.isCloudsFile(f)) {
        apps.add(f);
        continue;
      }
      List<Diagnostic> d = CloudsDefinitions.check(f);
      if (d.isEmpty()) {
        Clouds c = CloudsDefinitions.load(f);
        clouds.put(f, c);
        out.println(f + ": ok: clouds " + describe(c));
      } else {
        d.forEach(err::println);
        errors += d.size();
      }
    }
    for (Path f : apps) {
      List<Diagnostic> d = AppDefinitions.check(f, Main.class.getClassLoader());
      if (d.isEmpty()) {
        Set<Diagnostic> placement = new LinkedHashSet<>();
        clouds.forEach((file, c) -> AppDefinitions.check(f, Main.class.getClassLoader(), c).forEach(x ->
            placement.add(clouds.size() == 1 ? x
                : new Diagnostic(x.file(), x.line(), x.column(), x.message() + " (clouds file " + file + ")"))));
        d = List.copyOf(placement);
      }
      if (d.isEmpty()) {
        LoadedApp app = AppDefinitions.load(f, Main.class.getClassLoader());
        out.println(f + ": ok: app '" + app.app().name() + "' (" + app.app().mode().configName() + "), "
            + count(app.app().functions().size(), "function") + ", " + count(app.app().buckets().size(), "bucket")
            + ", " + count(app.app().triggers().size(), "trigger") + "; entry '" + app.app().entry()
            + "', result '" + app.app().result() + "'" + placement(app));
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

  private static String describe(Clouds c) {
    List<String> names = new ArrayList<>();
    c.clouds().values().forEach(cloud -> names.add("'" + cloud.name() + "' (" + cloud.compute().type().configName() + ")"));
    return String.join(", ", names) + "; " + count(c.network().links().size(), "link") + ", "
        + count(c.faults().size(), "fault") + "; signing key in $" + c.signing().keyEnv();
  }

  private static String placement(LoadedApp app) {
    Placement p = Placement.of(app.app());
    if (p.isEmbedded()) {
      return "; embedded";
    }
    Set<String> used = new LinkedHashSet<>();
    p.functions().values().forEach(used::addAll);
    return "; placed on " + String.join(", ", used);
  }
}
