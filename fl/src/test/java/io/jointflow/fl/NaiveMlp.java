package io.jointflow.fl;

import java.util.Random;

/**
 * The textbook MLP loop, for comparison with {@link Mlp}: one sample at a time, output-major dot
 * products over the input-major weight layout (strided), fresh arrays per sample, every gradient
 * computed, gradients summed per minibatch and then applied. Same results as {@link Mlp}.
 */
final class NaiveMlp {
  private NaiveMlp() {}

  static float[] train(int[] sizes, float[] params, Dataset data, TrainOptions o, long seed) {
    float[] p = params.clone();
    int layers = sizes.length - 1;
    int[] off = new int[layers];
    for (int l = 1; l < layers; l++) {
      off[l] = off[l - 1] + sizes[l - 1] * sizes[l] + sizes[l];
    }
    Random rnd = new Random(seed);
    int n = data.size();
    for (int e = 0; e < o.epochs(); e++) {
      int[] order = Partitions.shuffled(n, rnd);
      for (int start = 0; start < n; start += o.batch()) {
        int b = Math.min(o.batch(), n - start);
        float[] grad = new float[p.length];
        for (int r = 0; r < b; r++) {
          int s = order[start + r];
          float[][] act = new float[layers + 1][];
          act[0] = new float[sizes[0]];
          for (int i = 0; i < sizes[0]; i++) {
            act[0][i] = data.x()[s * sizes[0] + i];
          }
          for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            act[l + 1] = new float[out];
            for (int j = 0; j < out; j++) {
              float z = p[off[l] + in * out + j];
              for (int i = 0; i < in; i++) {
                z += act[l][i] * p[off[l] + i * out + j];
              }
              act[l + 1][j] = l < layers - 1 ? Math.max(0f, z) : z;
            }
          }
          float[] out = act[layers];
          float max = Float.NEGATIVE_INFINITY;
          for (float v : out) {
            max = Math.max(max, v);
          }
          float sum = 0;
          float[] delta = new float[out.length];
          for (int j = 0; j < out.length; j++) {
            delta[j] = (float) Math.exp(out[j] - max);
            sum += delta[j];
          }
          for (int j = 0; j < out.length; j++) {
            delta[j] /= sum;
          }
          delta[data.y()[s]] -= 1f;
          for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int outN = sizes[l + 1];
            float[] prev = new float[in];
            for (int i = 0; i < in; i++) {
              float g = 0;
              for (int j = 0; j < outN; j++) {
                grad[off[l] + i * outN + j] += act[l][i] * delta[j];
                g += p[off[l] + i * outN + j] * delta[j];
              }
              prev[i] = act[l][i] > 0 ? g : 0f;
            }
            for (int j = 0; j < outN; j++) {
              grad[off[l] + in * outN + j] += delta[j];
            }
            delta = prev;
          }
        }
        for (int i = 0; i < p.length; i++) {
          p[i] -= o.learningRate() / b * grad[i];
        }
      }
    }
    return p;
  }
}
