package io.jointflow.definition;

import io.jointflow.app.App;
import io.jointflow.function.JointflowException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid app definition: the app, the jars its handler classes come from and its default inputs.
 *
 * @param app the validated app; its functions name their handlers by class
 * @param source the file it was loaded from, as the caller named it (or the display name)
 * @param jars the definition's {@code jars}, resolved against the file's directory, absolute, in
 *     definition order; each existed when the definition was loaded
 * @param inputs the definition's default {@code inputs}, object key to value, in definition order.
 *     A value that starts with {@code @} names a file: {@code @} followed by its absolute path
 *     (resolved against the file's directory), a readable file when the definition was loaded. A
 *     runner reads such files itself, and lets inputs given at run time override these by key.
 */
public record LoadedApp(App app, String source, List<Path> jars, Map<String, String> inputs) {
  public LoadedApp {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(source, "source");
    jars = List.copyOf(jars);
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** A definition without default inputs. */
  public LoadedApp(App app, String source, List<Path> jars) {
    this(app, source, jars, Map.of());
  }

  /**
   * Creates a class loader over {@link #jars()} that delegates to {@code parent} first, so the
   * handlers see the Jointflow API of the host. The caller owns it and closes it when the app is
   * undeployed.
   *
   * @throws JointflowException if a jar path cannot be turned into a URL
   */
  public URLClassLoader newClassLoader(ClassLoader parent) {
    return new URLClassLoader("jointflow-app-" + app.name(), urls(jars), parent);
  }

  static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new JointflowException("jar '" + jars.get(i) + "' has no URL form: " + e.getMessage(), e);
      }
    }
    return urls;
  }
}
