package io.jointflow.definition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps the dotted paths of {@link io.jointflow.app.Problem} ({@code functions.split.outputs},
 * {@code buckets.shuffle.triggers.reduce.target}) back to positions in the file, and remembers the
 * paths the loader has already reported so the builder's second opinion on them is dropped.
 *
 * <p>Names may contain dots, so a path is not split: it is matched whole, then with its last
 * segment removed, and so on, which finds the nearest enclosing element that was written.
 */
final class PathIndex {
  private final Map<String, Position> positions = new HashMap<>();
  private final Set<String> reported = new HashSet<>();
  private final Position root;

  PathIndex(Position root) {
    this.root = root;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Records where an element is written; the first element at a path wins. */
  void put(String path, Position at) {
    positions.putIfAbsent(path, at);
  }

  /** The loader reported a problem at this path. */
  void reported(String path) {
    reported.add(path);
  }

  boolean isReported(String path) {
    return reported.contains(path);
  }

  Position locate(String path) {
    String p = path;
    while (true) {
      Position at = positions.get(p);
      if (at != null) {
        return at;
      }
      int dot = p.lastIndexOf('.');
      if (dot < 0) {
        return root;
      }
      p = p.substring(0, dot);
    }
  }
}
