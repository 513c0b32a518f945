package io.jointflow.examples.route;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** The {@code prime} route: the prime's position among the primes and the next prime. */
public class Prime implements Handler {
  @Override
  public Object handle(Call call) {
    long n = Long.parseLong(call.input().text());
    long next = n + 1;
    while (!Primes.isPrime(next)) {
      next++;
    }
    Long index = n <= Primes.INDEX_LIMIT ? Primes.countUpTo(n) : null;
    String text = n + " is prime" + (index == null ? "" : ", the " + ordinal(index) + " prime")
        + "; the next prime is " + next;
    call.emit("answers", new Answer(n, "prime", text, null, index, next));
    return null;
  }

  private static String ordinal(long i) {
    long mod100 = i % 100;
    String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
        : switch ((int) (i % 10)) {
          case 1 -> "st";
          case 2 -> "nd";
          case 3 -> "rd";
          default -> "th";
        };
    return i + suffix;
  }
}
