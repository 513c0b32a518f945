package io.jointflow.examples.route;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * The entry of the router: classifies the input {@code n} (0 to 10^12) and emits it into bucket
 * {@code kinds} under the key of its kind, {@code prime}, {@code composite} or {@code neither};
 * one {@code by-name} trigger per key routes it to the function for that kind.
 */
public class Classify implements Handler {
  @Override
  public Object handle(Call call) {
    long n = Params.input(call, "n", 0, Primes.MAX);
    String kind = n < 2 ? "neither" : Primes.isPrime(n) ? "prime" : "composite";
    call.emit("kinds", kind, Long.toString(n));
    return null;
  }
}
