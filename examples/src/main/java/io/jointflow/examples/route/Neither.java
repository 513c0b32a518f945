package io.jointflow.examples.route;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** The {@code neither} route, for 0 and 1. */
public class Neither implements Handler {
  @Override
  public Object handle(Call call) {
    long n = Long.parseLong(call.input().text());
    String why = n == 0 ? "every prime divides it" : "it is the empty product, with no prime factor";
    call.emit("answers", new Answer(n, "neither", n + " is neither prime nor composite: " + why,
        null, null, null));
    return null;
  }
}
