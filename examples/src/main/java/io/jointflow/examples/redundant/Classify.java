package io.jointflow.examples.redundant;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * One replica: trains the nearest-centroid model, classifies the test flowers, waits its task's
 * delay (standing in for a slow host) and emits its {@link Iris.Prediction} into
 * {@code predictions}.
 */
public class Classify implements Handler {
  @Override
  public Object handle(Call call) throws InterruptedException {
    Iris.Task task = call.input().as(Iris.Task.class);
    NearestCentroid model = NearestCentroid.train(task.train());
    double[][] probabilities = new double[task.test().size()][];
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = model.probabilities(task.test().get(i).features());
    }
    Thread.sleep(task.delayMillis());
    call.emit("predictions", "replica-" + task.replica(), new Iris.Prediction(task.replica(), model.classes,
        probabilities, task.test().stream().map(Iris.Flower::species).toList()));
    return null;
  }
}
