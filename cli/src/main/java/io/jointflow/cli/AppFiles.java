package io.jointflow.cli;

import io.jointflow.cloud.Clouds;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The app definitions that one worker, gateway or cluster serves together ({@code --app} given
 * several times, or several APP.yaml), loaded and checked before anything starts: every definition
 * valid, the apps' names distinct (a worker routes invocations by app name), and no handler class
 * that two apps' jars define differently (so that a class name in a process means one thing in its
 * logs, stack traces and definitions). Each refusal names both files.
 */
final class AppFiles {
  private AppFiles() {}

  /**
   * Loads and checks {@code files}, looking handler classes up in {@code handlers} (the runtime
   * and the {@code --jar} jars) and then in each definition's own jars.
   *
   * @throws JointflowException naming both files of two apps with one name or with conflicting jars
   * @throws io.jointflow.definition.DefinitionException for a definition with errors
   */
  static List<LoadedApp> load(List<Path> files, ClassLoader handlers, Clouds clouds) {
    List<LoadedApp> loaded = new ArrayList<>();
    for (Path f : files) {
      loaded.add(AppDefinitions.load(f, handlers, clouds));
    }
    checkDistinctNames(loaded);
    checkJars(loaded, handlers);
    return loaded;
  }

  /** The loader of an app's handlers: {@code handlers}, or a loader over the definition's jars in front of it. */
  static ClassLoader loader(LoadedApp app, ClassLoader handlers) {
    return app.jars().isEmpty() ? handlers : app.newClassLoader(handlers);
  }

  /** The definition's path as runs record it. */
  static String source(LoadedApp app) {
    return Path.of(app.source()).toAbsolutePath().normalize().toString();
  }

  private static void checkDistinctNames(List<LoadedApp> apps) {
    Map<String, LoadedApp> byName = new HashMap<>();
    for (LoadedApp a : apps) {
      LoadedApp before = byName.putIfAbsent(a.app().name(), a);
      if (before != null) {
        throw new JointflowException("app '" + a.app().name() + "' is defined twice, by " + before.source() + " and by "
            + a.source() + ": the apps served together need distinct names (invocations are routed by app name);"
            + " rename one ('app:' in its file)");
      }
    }
  }

  /** Where a class file of an app's jars comes from, and its CRC, to compare it with another app's. */
  private record ClassFile(LoadedApp app, Path jar, long crc, long size) {}

  /**
   * Refuses two apps whose jars hold different class files of one name (one jar shared by both, or
   * identical copies, are fine). A class that {@code handlers} already defines is not compared:
   * both apps load it from there.
   */
  private static void checkJars(List<LoadedApp> apps, ClassLoader handlers) {
    if (apps.size() < 2) {
      return;
    }
    Map<String, ClassFile> seen = new HashMap<>();
    for (LoadedApp a : apps) {
      for (Map.Entry<String, ClassFile> e : classFiles(a).entrySet()) {
        ClassFile other = seen.putIfAbsent(e.getKey(), e.getValue());
        if (other == null || other.app() == a) {
          continue;
        }
        ClassFile mine = e.getValue();
        if ((other.crc() != mine.crc() || other.size() != mine.size()) && handlers.getResource(e.getKey()) == null) {
          String name = e.getKey().substring(0, e.getKey().length() - ".class".length()).replace('/', '.');
          throw new JointflowException("apps '" + other.app().app().name() + "' (" + other.app().source() + ") and '"
              + a.app().name() + "' (" + a.source() + ") have conflicting jars: class " + name + " differs between "
              + other.jar() + " and " + mine.jar() + "; apps served together must agree on every class they share"
              + " (use one version of the jar, or serve the apps on separate clusters)");
        }
      }
    }
  }

  /** The class files of an app's jars by entry name; the first jar that has one wins, as in its class loader. */
  private static Map<String, ClassFile> classFiles(LoadedApp app) {
    Map<String, ClassFile> out = new LinkedHashMap<>();
    for (Path jar : app.jars()) {
      try (JarFile j = new JarFile(jar.toFile())) {
        for (ZipEntry e : java.util.Collections.list(j.entries())) {
          String n = e.getName();
          if (n.endsWith(".class") && !n.endsWith("module-info.class") && !n.startsWith("META-INF/")) {
            out.putIfAbsent(n, new ClassFile(app, jar, e.getCrc(), e.getSize()));
          }
        }
      } catch (IOException e) {
        throw new JointflowException("jar '" + jar + "' of app '" + app.app().name() + "' (" + app.source()
            + ") cannot be read: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
