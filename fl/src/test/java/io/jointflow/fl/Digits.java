package io.jointflow.fl;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The 8x8 digits test set (see src/test/resources/digits/README.md). */
final class Digits {
  private Digits() {}

  static Path file() {
    try {
      return Path.of(Digits.class.getResource("/digits/digits.csv.gz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Dataset load() {
    return Datasets.digits(file());
  }
}
