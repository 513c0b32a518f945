package io.jointflow.examples.qa;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import java.util.Comparator;
import java.util.List;

/** Collects every question's answer, in question order, as the run's {@link Qa.Answers}. */
public class Collect implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      List<Qa.Answer> answers = call.inputs().stream().map((Obj o) -> o.as(Qa.Answer.class))
          .sorted(Comparator.comparingInt(Qa.Answer::index)).toList();
      return new Qa.Answers(answers);
    });
  }
}
