package io.jointflow.cloud;

import io.jointflow.app.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the problems of one value so that its constructor reports all of them at once. */
final class Check {
  private final List<Problem> problems = new ArrayList<>();

  /** A problem at {@code path} (YAML keys, dotted; empty for the value as a whole). */
  Check add(String path, String message) {
    problems.add(new Problem(path, message));
    return this;
  }

  /** Adds a part's problems under {@code prefix}, their messages after {@code what} (e.g. {@code cloud 'aws'}). */
  Check addAll(String prefix, String what, InvalidCloudsException e) {
    for (Problem p : e.problems()) {
      String path = p.path().isEmpty() ? prefix : prefix.isEmpty() ? p.path() : prefix + "." + p.path();
      problems.add(new Problem(path, what.isEmpty() ? p.message() : what + " " + p.message()));
    }
    return this;
  }

  /** Runs a part's validating constructor; its problems are added under {@code prefix}. */
  <T> T part(String prefix, String what, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidCloudsException e) {
      addAll(prefix, what, e);
      return null;
    }
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** @throws InvalidCloudsException if any problem was added */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidCloudsException(problems);
    }
  }
}
