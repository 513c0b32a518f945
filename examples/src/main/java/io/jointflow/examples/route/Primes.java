package io.jointflow.examples.route;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Trial division and a sieve: enough for numbers up to {@value #MAX}. */
final class Primes {
  /** The largest number the example accepts (trial division up to a million). */
  static final long MAX = 1_000_000_000_000L;
  /** The largest prime whose index is computed (a sieve of this many bits). */
  static final long INDEX_LIMIT = 10_000_000L;

  private Primes() {}

  static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    for (long d = 2; d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  /** The prime factors of {@code n >= 2}, ascending, with repeats. */
  static List<Long> factors(long n) {
    List<Long> out = new ArrayList<>();
    long rest = n;
    for (long d = 2; d * d <= rest; d++) {
      while (rest % d == 0) {
        out.add(d);
        rest /= d;
      }
    }
    if (rest > 1) {
      out.add(rest);
    }
    return out;
  }

  /** How many primes are at most {@code n} (n at most {@link #INDEX_LIMIT}). */
  static long countUpTo(long n) {
    int limit = (int) n;
    BitSet composite = new BitSet(limit + 1);
    long count = 0;
    for (int i = 2; i <= limit; i++) {
      if (!composite.get(i)) {
        count++;
        for (long j = (long) i * i; j <= limit; j += i) {
          composite.set((int) j);
        }
      }
    }
    return count;
  }
}
