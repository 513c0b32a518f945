package io.jointflow.definition;

import io.jointflow.app.App;
import io.jointflow.app.InvalidAppException;
import io.jointflow.app.Mode;
import io.jointflow.app.Problem;
import io.jointflow.app.TriggerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Turns the tree of one definition into an {@link App}: reads every element and reports what is
 * wrong with it, hands what could be read to {@link App.Builder}, and maps the builder's problems
 * back to the lines they are about. It reads on past every problem, so one pass finds them all;
 * a bad element is replaced by a stand-in (a placeholder class, an {@code immediate} type) so that
 * the references to and from it are still checked. Single use.
 */
final class DefinitionReader {
  static final List<String> APP_KEYS =
      List.of("app", "mode", "entry", "result", "placement", "jars", "inputs", "functions", "buckets");
  static final List<String> FUNCTION_KEYS = List.of("class", "outputs", "placement", "profile",
      "concurrency", "max-attempts", "timeout", "config");
  static final List<String> BUCKET_KEYS = List.of("triggers");

  /** Stands in for a missing app name or handler class; never part of a loaded app. */
  private static final String PLACEHOLDER = "unnamed";
  private static final Pattern CLASS_NAME = Pattern.compile(
      "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  /** A handler class named by a function, and where. */
  record HandlerClass(String function, String className, Position at) {}

  private final Diagnostics diagnostics;
  private final Path baseDir;
  private final List<Path> jars = new ArrayList<>();
  private final List<String> jarNames = new ArrayList<>();
  private final List<String> unusableJars = new ArrayList<>();
  private final List<HandlerClass> handlerClasses = new ArrayList<>();
  private Map<String, String> inputs = Map.of();
  private PathIndex paths;

  /** @param baseDir the directory {@code jars} are relative to */
  DefinitionReader(Diagnostics diagnostics, Path baseDir) {
    this.diagnostics = diagnostics;
    this.baseDir = baseDir;
  }

  /** The jars that exist, absolute, in definition order. */
  List<Path> jars() {
    return List.copyOf(jars);
  }

  /** {@link #jars()} as written in the file, for messages. */
  List<String> jarNames() {
    return List.copyOf(jarNames);
  }

  /** Jars listed but missing or unreadable (reported), as written. */
  List<String> unusableJars() {
    return List.copyOf(unusableJars);
  }

  /** The default inputs, {@code @} paths absolute (see {@link InputsReader}). */
  Map<String, String> inputs() {
    return inputs;
  }

  /** Where the elements read are written, for problems found after reading. */
  PathIndex paths() {
    return paths;
  }

  List<HandlerClass> handlerClasses() {
    return List.copyOf(handlerClasses);
  }

  /** Reads the definition; {@code null} if the builder rejected it (its problems are reported). */
  App read(Node root) {
    if (!(root instanceof Node.Mapping m)) {
      diagnostics.error(root.at(), "an app definition must be a mapping with at least 'app' and"
          + " 'functions', not " + root.describe());
      return null;
    }
    if (m.fields().containsKey("clouds") && !m.fields().containsKey("app")) {
      diagnostics.error(m.fields().get("clouds").keyAt(), "this is a clouds file (it has a top-level"
          + " 'clouds' key), not an app definition: check it with 'jointflow validate', and give an app"
          + " definition to run");
      return null;
    }
    paths = new PathIndex(m.at());
    Fields f = new Fields(m, m.at(), "", "app definition", diagnostics, paths);
    f.allowOnly(APP_KEYS);
    String name = f.require("app") ? f.string("app") : null;
    App.Builder app = App.builder(name == null ? PLACEHOLDER : name);
    String mode = f.string("mode");
    if (mode != null) {
      try {
        app.mode(Mode.parse(mode));
      } catch (IllegalArgumentException e) {
        f.error("mode", e.getMessage());
      }
    }
    app.entry(f.string("entry"));
    app.result(f.string("result"));
    List<String> placement = placement(f);
    if (placement != null) {
      app.placement(placement.toArray(String[]::new));
    }
    readJars(f);
    inputs = InputsReader.read(f, baseDir, diagnostics);
    Node.Mapping functions = f.require("functions") ? f.mapping("functions") : null;
    if (functions != null) {
      functions.fields().values().forEach(e -> function(e, app));
    }
    Node.Mapping buckets = f.mapping("buckets");
    if (buckets != null) {
      TriggerReader triggers = new TriggerReader(diagnostics, paths);
      buckets.fields().values().forEach(e -> bucket(e, app, triggers));
    }
    try {
      return app.build();
    } catch (InvalidAppException e) {
      for (Problem p : e.problems()) {
        if (!paths.isReported(p.path())) {
          diagnostics.error(paths.locate(p.path()), p.message());
        }
      }
      return null;
    }
  }

  private void readJars(Fields f) {
    Node.Sequence list = f.sequence("jars");
    if (list == null) {
      return;
    }
    for (Node item : list.items()) {
      if (!(item instanceof Node.Scalar s) || s.isNull()) {
        diagnostics.error(item.at(), "app definition jars must list paths, not " + item.describe());
        continue;
      }
      String problem = jarProblem(s.text());
      if (problem != null) {
        diagnostics.error(s.at(), "jar '" + s.text() + "' " + problem);
        unusableJars.add(s.text());
      }
    }
  }

  /** Checks one jar by reading it; adds it when usable, else says why not. */
  private String jarProblem(String written) {
    Path jar;
    try {
      jar = baseDir.resolve(written).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return "is not a valid path: " + e.getReason();
    }
    if (!Files.exists(jar)) {
      return "does not exist: " + jar;
    }
    if (!Files.isRegularFile(jar)) {
      return "is not a file: " + jar;
    }
    try (JarFile opened = new JarFile(jar.toFile())) {
      opened.size(); // opening reads the central directory: a file that is no jar fails here
      jars.add(jar);
      jarNames.add(written);
      return null;
    } catch (IOException | SecurityException e) {
      return "cannot be read as a jar: " + jar + " (" + e.getMessage() + ")";
    }
  }

  private void function(Node.Field e, App.Builder app) {
    String name = e.key();
    String what = "function '" + name + "'";
    String path = "functions." + name;
    Node.Mapping spec = specOf(e, what, path, "'class'");
    if (spec == null) {
      app.functionSpec(name, fb -> fb.handlerClass(PLACEHOLDER));
      return;
    }
    Fields f = new Fields(spec, e.keyAt(), path, what, diagnostics, paths);
    f.allowOnly(FUNCTION_KEYS);
    String handler = f.require("class") ? f.string("class") : null;
    if (handler != null && !CLASS_NAME.matcher(handler).matches()) {
      f.error("class", what + " class must be a Java class name like com.example.Split: '"
          + handler + "'");
      handler = null;
    }
    if (handler != null) {
      handlerClasses.add(new HandlerClass(name, handler, f.at("class")));
    }
    String handlerClass = handler == null ? PLACEHOLDER : handler;
    List<String> outputs = f.strings("outputs");
    List<String> placement = placement(f);
    String profile = f.string("profile");
    Integer concurrency = f.integer("concurrency");
    Integer maxAttempts = f.integer("max-attempts");
    Duration timeout = f.duration("timeout");
    Map<String, String> config = config(f);
    app.functionSpec(name, fb -> {
      fb.handlerClass(handlerClass);
      if (outputs != null) {
        fb.outputs(outputs.toArray(String[]::new));
      }
      if (placement != null) {
        fb.placement(placement.toArray(String[]::new));
      }
      fb.profile(profile);
      if (concurrency != null) {
        fb.concurrency(concurrency);
      }
      if (maxAttempts != null) {
        fb.maxAttempts(maxAttempts);
      }
      if (timeout != null) {
        fb.timeout(timeout);
      }
      config.forEach(fb::config);
    });
  }

  /**
   * A placement list: clouds, primary first; {@code null} when absent. A bad one (reported) reads
   * as a stand-in cloud, so that the element does not also count as unplaced.
   */
  private static List<String> placement(Fields f) {
    List<String> clouds = f.strings("placement");
    if (clouds != null && clouds.isEmpty()) {
      f.error("placement", f.what() + " placement must name at least one cloud (the primary, then"
          + " failovers), or be left out");
      clouds = null;
    }
    return clouds == null && f.has("placement") ? List.of(PLACEHOLDER) : clouds;
  }

  private Map<String, String> config(Fields f) {
    Node.Mapping m = f.mapping("config");
    Map<String, String> config = new LinkedHashMap<>();
    if (m == null) {
      return config;
    }
    for (Node.Field entry : m.fields().values()) {
      if (entry.value() instanceof Node.Scalar s && !s.isNull()) {
        config.put(entry.key(), s.text());
      } else {
        diagnostics.error(entry.keyAt(), f.what() + " config '" + entry.key() + "' must be a string,"
            + " number or boolean, not " + entry.value().describe());
      }
    }
    return config;
  }

  private void bucket(Node.Field e, App.Builder app, TriggerReader reader) {
    String name = e.key();
    String path = "buckets." + name;
    Node.Mapping spec = specOf(e, "bucket '" + name + "'", path, "'triggers' or nothing");
    List<TriggerReader.Draft> drafts = new ArrayList<>();
    if (spec != null) {
      Fields f = new Fields(spec, e.keyAt(), path, "bucket '" + name + "'", diagnostics, paths);
      f.allowOnly(BUCKET_KEYS);
      Node.Sequence triggers = f.sequence("triggers");
      List<Node> items = triggers == null ? List.of() : triggers.items();
      Map<String, Position> seen = new HashMap<>();
      for (int i = 0; i < items.size(); i++) {
        TriggerReader.Draft d = reader.read(items.get(i), name, i + 1);
        if (d == null) {
          continue;
        }
        Position first = seen.putIfAbsent(d.name(), items.get(i).at());
        if (first == null) {
          drafts.add(d);
        } else {
          diagnostics.error(items.get(i).at(), "bucket '" + name + "' has two triggers named '"
              + d.name() + "' (first at line " + first.line() + ")");
        }
      }
    }
    app.bucket(name, b -> drafts.forEach(d -> b.trigger(d.name(), t -> apply(d, t))));
  }

  private static void apply(TriggerReader.Draft d, TriggerSpec.Builder t) {
    t.type(d.type()).target(d.target()).scope(d.scope()).maxFires(d.maxFires()).state(d.state());
    if (d.when() != null) {
      t.when(d.when().source());
    }
    if (d.rerun() != null) {
      t.rerun(d.rerun().source(), d.rerun().timeout());
    }
  }

  /**
   * The mapping under a function or bucket key: empty for a key without a value, {@code null}
   * (reported) for anything but a mapping.
   */
  private Node.Mapping specOf(Node.Field e, String what, String path, String needs) {
    paths.put(path, e.keyAt());
    if (Node.isNull(e.value())) {
      return new Node.Mapping(e.keyAt(), Map.of());
    }
    if (e.value() instanceof Node.Mapping m) {
      return m;
    }
    diagnostics.error(e.value().at(), what + " must be a mapping with " + needs + ", not "
        + e.value().describe());
    return null;
  }
}
