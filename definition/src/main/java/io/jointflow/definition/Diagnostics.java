package io.jointflow.definition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one file; hands them out in file order. Not thread safe. */
final class Diagnostics {
  private final String file;
  private final List<Diagnostic> found = new ArrayList<>();

  Diagnostics(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void error(Position at, String message) {
    found.add(new Diagnostic(file, at.line(), at.column(), message));
  }

  /** A problem with the file as a whole, such as an I/O error. */
  void fileError(String message) {
    found.add(new Diagnostic(file, 0, 0, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Sorted by position; the sort is stable, so problems at one position keep the order found. */
  List<Diagnostic> sorted() {
    List<Diagnostic> all = new ArrayList<>(found);
    all.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    return List.copyOf(all);
  }
}
