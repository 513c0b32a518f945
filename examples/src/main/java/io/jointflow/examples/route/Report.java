package io.jointflow.examples.route;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** The result: the answer of whichever route ran. */
public class Report implements Handler {
  @Override
  public Object handle(Call call) {
    return call.input().as(Answer.class);
  }
}
