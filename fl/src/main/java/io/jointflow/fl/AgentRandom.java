package io.jointflow.fl;

import java.util.Random;

/**
 * Seeds an agent's own random source. Each agent draws from a {@link Random} that is part of its
 * stored state, so its draws depend only on its own operations, never on how the engine ordered
 * the other agents' ones, and an agent in a worker process needs nothing of the engine's process
 * to draw. Its seed is derived from the options' seed, the method's name and the agent's data
 * center by mixing each in with SplitMix64's finalizer, so that neighbouring inputs (seeds 1 and
 * 2, data centers 0 and 1) give unrelated seeds rather than nearby ones: the 48-bit states of
 * {@code Random} then start at unrelated points of its cycle, far apart for the few thousand
 * draws of a run.
 */
final class AgentRandom {
  /** The golden-ratio increment of SplitMix64: keeps a zero input from mixing to zero. */
  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private AgentRandom() {}

  /** A new random source for the agent of data center {@code dc} in a run of {@code method}. */
  static Random of(long seed, String method, int dc) {
    return new Random(seed(seed, method, dc));
  }

  /** The seed of that agent's source: a function of the three inputs only. */
  static long seed(long seed, String method, int dc) {
    long h = mix(seed + GAMMA);
    for (int i = 0; i < method.length(); i++) {
      h = mix((h ^ method.charAt(i)) + GAMMA);
    }
    // the length ends the name, so that no name followed by a data center reads as another name
    h = mix((h ^ method.length()) + GAMMA);
    return mix((h ^ dc) + GAMMA);
  }

  /** SplitMix64's finalizer: a bijection on 64 bits in which every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
