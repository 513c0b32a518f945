package io.jointflow.fl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.function.JointflowException;
import java.nio.file.Path;

/** The {@code data:} section of {@code fl.yaml}: which files, how to split and subsample them. */
final class FlData {
  private FlData() {}

  /** Returns {train, test}. */
  static Dataset[] read(JsonNode d, Path dir, Path file, long seed) {
    String format = d.path("format").asText("");
    int classes = d.path("classes").asInt(10);
    Dataset train;
    Dataset test = null;
    switch (format) {
      case "digits" -> train = Datasets.digits(dir.resolve(d.path("file").asText("digits.csv.gz")));
      case "csv" -> {
        train = Datasets.csv(dir.resolve(text(d, "train", file)), d.path("label-column").asInt(-1),
            (float) d.path("scale").asDouble(1), classes);
        if (d.hasNonNull("test")) {
          test = Datasets.csv(dir.resolve(d.get("test").asText()), d.path("label-column").asInt(-1),
              (float) d.path("scale").asDouble(1), classes);
        }
      }
      case "idx" -> {
        Path base = dir.resolve(d.path("dir").asText("."));
        train = Datasets.idx(base.resolve(d.path("train-images").asText("train-images-idx3-ubyte.gz")),
            base.resolve(d.path("train-labels").asText("train-labels-idx1-ubyte.gz")), classes);
        test = Datasets.idx(base.resolve(d.path("test-images").asText("t10k-images-idx3-ubyte.gz")),
            base.resolve(d.path("test-labels").asText("t10k-labels-idx1-ubyte.gz")), classes);
      }
      default -> throw new JointflowException("fl file '" + file + "' has data format '" + format
          + "'; valid: digits, csv, idx");
    }
    if (test == null) {
      Dataset[] split = train.split(d.path("test-fraction").asDouble(0.2), seed);
      train = split[0];
      test = split[1];
    }
    if (d.hasNonNull("train-sample")) {
      train = train.sample(d.get("train-sample").asInt(), seed);
    }
    if (d.hasNonNull("test-sample")) {
      test = test.sample(d.get("test-sample").asInt(), seed + 1);
    }
    return new Dataset[] {train, test};
  }

  private static String text(JsonNode d, String key, Path file) {
    if (!d.hasNonNull(key)) {
      throw new JointflowException("fl file '" + file + "' data has no '" + key + "'");
    }
    return d.get(key).asText();
  }
}
