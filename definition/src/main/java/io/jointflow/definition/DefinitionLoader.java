package io.jointflow.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jointflow.app.App;
import io.jointflow.app.Problem;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Deployment;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The one path every entry point takes: parse the text with the YAML or JSON parser, build the
 * tree, read the definition, check the handler classes, and collect the diagnostics.
 */
final class DefinitionLoader {
  /** Either an app or the diagnostics that prevent it. */
  record Outcome(LoadedApp app, List<Diagnostic> diagnostics) {}

  private DefinitionLoader() {}

  /** JSON when the name ends in {@code .json}, otherwise YAML. */
  static boolean isJson(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /** @param clouds the clouds to check the app's placement against, or {@code null} not to */
  static Outcome load(String name, Reader text, Path baseDir, ClassLoader handlers, Clouds clouds) {
    Diagnostics diagnostics = new Diagnostics(name);
    Node root = parse(name, text, diagnostics, APP_NEEDS);
    if (root == null) {
      return new Outcome(null, diagnostics.sorted());
    }
    DefinitionReader reader = new DefinitionReader(diagnostics, baseDir);
    App app = reader.read(root);
    if (handlers != null) {
      HandlerClassCheck.run(reader, handlers, diagnostics);
    }
    if (app != null && clouds != null) {
      for (Problem p : Deployment.check(app, clouds)) {
        if (!reader.paths().isReported(p.path())) {
          diagnostics.error(reader.paths().locate(p.path()), p.message());
        }
      }
    }
    if (app == null || !diagnostics.isEmpty()) {
      return new Outcome(null, diagnostics.sorted());
    }
    return new Outcome(new LoadedApp(app, name, reader.jars(), reader.inputs()), List.of());
  }

  /** An outcome with one problem of the whole file. */
  static Outcome unreadable(String name, IOException e) {
    Diagnostics diagnostics = new Diagnostics(name);
    diagnostics.fileError("cannot read the file: " + reason(e));
    return new Outcome(null, diagnostics.sorted());
  }

  /**
   * What a kind of file is called in the messages about the file as a whole.
   *
   * @param empty the message for an empty file
   * @param extra the message for a second document
   */
  record Kind(String empty, String extra) {}

  static final Kind APP_NEEDS = new Kind("the file is empty: an app definition needs at least 'app'"
      + " and 'functions'", "unexpected content after the app definition: a file holds exactly one app");

  /** The tree, or {@code null} when there is none to read (reported). */
  static Node parse(String name, Reader text, Diagnostics diagnostics, Kind kind) {
    // Not YAMLFactory.builder(): its factories skip the default parser features, and without
    // EMPTY_STRING_AS_NULL a key written without a value would read as '' instead of absent.
    JsonFactory factory = isJson(name) ? new JsonFactory() : new YAMLFactory();
    // The caller owns the reader.
    factory.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    try (JsonParser parser = factory.createParser(text)) {
      Node root = TreeReader.read(parser, diagnostics, kind.extra());
      if (root == null) {
        diagnostics.error(Position.START, kind.empty());
      }
      return root;
    } catch (JsonProcessingException e) {
      diagnostics.error(position(e), (isJson(name) ? "malformed JSON: " : "malformed YAML: ")
          + oneLine(problem(e)));
    } catch (IOException e) {
      diagnostics.fileError("cannot read the file: " + reason(e));
    }
    return null;
  }

  /**
   * SnakeYAML, whose exception Jackson keeps as the cause, knows where the problem is; Jackson's
   * own location can be where the enclosing construct began.
   */
  private static Position position(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
      Mark m = y.getProblemMark();
      return new Position(m.getLine() + 1, m.getColumn() + 1);
    }
    return Position.of(e.getLocation());
  }

  private static String problem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblem() != null) {
      Mark c = y.getContextMark();
      return y.getProblem() + (y.getContext() == null ? "" : " (" + y.getContext()
          + (c == null ? "" : " that starts at line " + (c.getLine() + 1) + ", column "
          + (c.getColumn() + 1)) + ")");
    }
    return e.getOriginalMessage();
  }

  private static String oneLine(String s) {
    String flat = String.valueOf(s).replaceAll("\\s*\\R\\s*", " ").trim();
    // Jackson appends where a construct started in its own notation; the position says it better.
    return flat.replaceAll("\\s*\\(?\\s*start marker at \\[Source: [^]]*]\\)?", "");
  }

  /** The operating system's reason, which some exceptions hide behind the path. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "it is not UTF-8 text";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
