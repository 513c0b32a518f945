package io.jointflow.examples.route;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The {@code composite} route: the prime factorization. */
public class Composite implements Handler {
  @Override
  public Object handle(Call call) {
    long n = Long.parseLong(call.input().text());
    List<Long> factors = Primes.factors(n);
    Map<Long, Integer> powers = new TreeMap<>();
    factors.forEach(f -> powers.merge(f, 1, Integer::sum));
    String product = powers.entrySet().stream()
        .map(e -> e.getValue() == 1 ? e.getKey().toString() : e.getKey() + "^" + e.getValue())
        .collect(Collectors.joining(" * "));
    call.emit("answers", new Answer(n, "composite", n + " = " + product, factors, null, null));
    return null;
  }
}
