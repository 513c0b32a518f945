package io.jointflow.examples.redundant;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.TerminalException;
import java.util.ArrayList;
import java.util.List;

/**
 * The result, fired by the {@code redundant} trigger with the first k replicas' predictions:
 * averages their class probabilities and takes the most probable class of each flower.
 */
public class Average implements Handler {
  @Override
  public Object handle(Call call) {
    List<Iris.Prediction> predictions = call.inputs().stream().map(o -> o.as(Iris.Prediction.class)).toList();
    Iris.Prediction first = predictions.get(0);
    double[][] sum = new double[first.probabilities().length][first.classes().size()];
    for (Iris.Prediction p : predictions) {
      if (!p.classes().equals(first.classes()) || p.probabilities().length != sum.length) {
        throw new TerminalException("replica " + p.replica() + " answered for classes " + p.classes()
            + " and " + p.probabilities().length + " flowers; replica " + first.replica() + " for "
            + first.classes() + " and " + sum.length);
      }
      for (int i = 0; i < sum.length; i++) {
        for (int c = 0; c < sum[i].length; c++) {
          sum[i][c] += p.probabilities()[i][c];
        }
      }
    }
    List<String> predicted = new ArrayList<>();
    int correct = 0;
    for (int i = 0; i < sum.length; i++) {
      int best = 0;
      for (int c = 1; c < sum[i].length; c++) {
        best = sum[i][c] > sum[i][best] ? c : best;
      }
      predicted.add(first.classes().get(best));
      correct += first.truth().get(i).equals(predicted.get(i)) ? 1 : 0;
    }
    List<Integer> replicas = predictions.stream().map(Iris.Prediction::replica).toList();
    return new Iris.Result("nearest-centroid", replicas, predicted, correct, sum.length,
        (double) correct / sum.length);
  }
}
