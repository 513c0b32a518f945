package io.jointflow.fl;

import java.util.Arrays;
import java.util.Random;

/**
 * A multilayer perceptron (ReLU hidden layers, softmax output, cross-entropy, minibatch SGD) on
 * plain JDK arrays, written for speed: weights stored input-major so that forward and backward
 * passes are row updates ({@code z += a * w_row}) the JIT vectorizes, zero activations (blank
 * pixels, inactive ReLUs) skipped, and no input-gradient computed for the first layer.
 *
 * <p>Parameter layout: for each layer, weights {@code in x out} (row {@code i} holds the weights
 * from input {@code i}), then {@code out} biases.
 */
public final class Mlp implements Model {
  private final int[] sizes;
  private final int[] offsets;
  private final int count;

  private Mlp(int[] sizes) {
    this.sizes = sizes.clone();
    this.offsets = new int[sizes.length - 1];
    int off = 0;
    for (int l = 0; l < sizes.length - 1; l++) {
      offsets[l] = off;
      off += sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    this.count = off;
  }

  /**
   * An MLP with these layer sizes: inputs, hidden layers..., classes.
   *
   * @throws IllegalArgumentException with fewer than two sizes or a size below 1
   */
  public static Mlp of(int... sizes) {
    if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("mlp layers must be at least inputs and classes, each >= 1: "
          + Arrays.toString(sizes));
    }
    return new Mlp(sizes);
  }

  /** The layer sizes. */
  public int[] sizes() {
    return sizes.clone();
  }

  @Override
  public int parameterCount() {
    return count;
  }

  @Override
  public float[] initialParameters(long seed) {
    Random rnd = new Random(seed);
    float[] p = new float[count];
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float scale = (float) Math.sqrt(6.0 / (in + out));
      for (int i = 0; i < in * out; i++) {
        p[offsets[l] + i] = (rnd.nextFloat() * 2 - 1) * scale;
      }
    }
    return p;
  }

  @Override
  public float[] train(float[] params, Dataset data, TrainOptions o, long seed) {
    checkShape(params, data);
    float[] p = params.clone();
    Workspace ws = new Workspace(o.batch());
    Random rnd = new Random(seed);
    int n = data.size();
    for (int e = 0; e < o.epochs(); e++) {
      int[] order = Partitions.shuffled(n, rnd);
      for (int start = 0; start < n; start += o.batch()) {
        int b = Math.min(o.batch(), n - start);
        ws.load(data, order, start, b);
        forward(p, ws, b);
        backward(p, ws, data, order, start, b, o.learningRate() / b);
      }
    }
    return p;
  }

  @Override
  public double accuracy(float[] params, Dataset data) {
    checkShape(params, data);
    int batch = 128;
    Workspace ws = new Workspace(batch);
    int[] order = new int[data.size()];
    Arrays.setAll(order, i -> i);
    int correct = 0;
    int last = sizes.length - 1;
    int classes = sizes[last];
    for (int start = 0; start < data.size(); start += batch) {
      int b = Math.min(batch, data.size() - start);
      ws.load(data, order, start, b);
      forward(params, ws, b);
      float[] z = ws.act[last];
      for (int r = 0; r < b; r++) {
        int best = 0;
        for (int j = 1; j < classes; j++) {
          if (z[r * classes + j] > z[r * classes + best]) {
            best = j;
          }
        }
        if (best == data.y()[start + r]) {
          correct++;
        }
      }
    }
    return data.size() == 0 ? 0 : (double) correct / data.size();
  }

  private void checkShape(float[] params, Dataset data) {
    if (params.length != count || data.features() != sizes[0] || data.classes() != sizes[sizes.length - 1]) {
      throw new IllegalArgumentException("mlp " + Arrays.toString(sizes) + " (" + count + " parameters) cannot work on "
          + params.length + " parameters with " + data.features() + " features and " + data.classes() + " classes");
    }
  }

  /** Activations of every layer for one minibatch (act[0] = inputs), and the gradient buffers. */
  private final class Workspace {
    final float[][] act = new float[sizes.length][];
    final float[][] delta = new float[sizes.length][];

    Workspace(int batch) {
      for (int l = 0; l < sizes.length; l++) {
        act[l] = new float[batch * sizes[l]];
        delta[l] = new float[batch * sizes[l]];
      }
    }

    void load(Dataset data, int[] order, int start, int b) {
      int f = sizes[0];
      for (int r = 0; r < b; r++) {
        System.arraycopy(data.x(), order[start + r] * f, act[0], r * f, f);
      }
    }
  }

  private void forward(float[] p, Workspace ws, int b) {
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      int w = offsets[l];
      int bias = w + in * out;
      float[] a = ws.act[l];
      float[] z = ws.act[l + 1];
      for (int r = 0; r < b; r++) {
        int zr = r * out;
        System.arraycopy(p, bias, z, zr, out);
        int ar = r * in;
        for (int i = 0; i < in; i++) {
          float av = a[ar + i];
          if (av != 0f) {
            int wr = w + i * out;
            for (int j = 0; j < out; j++) {
              z[zr + j] += av * p[wr + j];
            }
          }
        }
        if (l < sizes.length - 2) {
          for (int j = 0; j < out; j++) {
            if (z[zr + j] < 0f) {
              z[zr + j] = 0f;
            }
          }
        }
      }
    }
  }

  private void backward(float[] p, Workspace ws, Dataset data, int[] order, int start, int b, float step) {
    int last = sizes.length - 1;
    int classes = sizes[last];
    float[] z = ws.act[last];
    float[] d = ws.delta[last];
    for (int r = 0; r < b; r++) {
      int zr = r * classes;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, z[zr + j]);
      }
      float sum = 0;
      for (int j = 0; j < classes; j++) {
        float e = (float) Math.exp(z[zr + j] - max);
        d[zr + j] = e;
        sum += e;
      }
      for (int j = 0; j < classes; j++) {
        d[zr + j] /= sum;
      }
      d[zr + data.y()[order[start + r]]] -= 1f;
    }
    for (int l = last - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      int w = offsets[l];
      int bias = w + in * out;
      float[] a = ws.act[l];
      float[] dz = ws.delta[l + 1];
      if (l > 0) { // input gradient, through the ReLU of layer l, before the weights change
        float[] da = ws.delta[l];
        for (int r = 0; r < b; r++) {
          int ar = r * in;
          int dr = r * out;
          for (int i = 0; i < in; i++) {
            if (a[ar + i] <= 0f) {
              da[ar + i] = 0f;
              continue;
            }
            int wr = w + i * out;
            float s = 0;
            for (int j = 0; j < out; j++) {
              s += p[wr + j] * dz[dr + j];
            }
            da[ar + i] = s;
          }
        }
      }
      for (int r = 0; r < b; r++) {
        int ar = r * in;
        int dr = r * out;
        for (int i = 0; i < in; i++) {
          float av = a[ar + i];
          if (av != 0f) {
            float g = -step * av;
            int wr = w + i * out;
            for (int j = 0; j < out; j++) {
              p[wr + j] += g * dz[dr + j];
            }
          }
        }
        for (int j = 0; j < out; j++) {
          p[bias + j] -= step * dz[dr + j];
        }
      }
    }
  }
}
