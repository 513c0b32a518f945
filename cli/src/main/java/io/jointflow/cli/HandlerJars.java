package io.jointflow.cli;

import io.jointflow.function.JointflowException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The handler jars a long-running command ({@code worker}, {@code gateway}) is given with {@code --jar}. */
final class HandlerJars {
  private HandlerJars() {}

  /**
   * The class loader of the jars, or the command line's own if there are none; open for the life
   * of the process, like the classes it loads.
   *
   * @throws JointflowException naming a jar that is not a readable file
   */
  static ClassLoader loader(List<Path> jars) {
    if (jars.isEmpty()) {
      return Main.class.getClassLoader();
    }
    List<URL> urls = new ArrayList<>();
    for (Path j : jars) {
      if (!Files.isRegularFile(j) || !Files.isReadable(j)) {
        throw new JointflowException("--jar '" + j + "' is not a readable file");
      }
      try {
        urls.add(j.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new JointflowException("--jar '" + j + "' is not a valid path: " + e.getMessage(), e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), Main.class.getClassLoader());
  }
}
