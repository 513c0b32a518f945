package io.jointflow.cli;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test handler of the worker cluster tests, one step of a fan-out/fan-in (config {@code step}:
 * {@code split}, {@code square} or {@code sum}; {@code square} raises to config {@code power}, 2 by
 * default). Each execution applies a side effect keyed by its app and idempotency key: a file
 * {@code APP-FUNCTION-INSTANCE} in the directory named by {@value #EFFECTS}, so that however often
 * an instance runs, its effect exists once, counted for the app it ran as.
 */
public class ChaosStep implements Handler {
  /** The environment variable naming the effects directory. */
  static final String EFFECTS = "JOINTFLOW_TEST_EFFECTS";

  @Override
  public Object handle(Call call) throws Exception {
    effect(call);
    switch (call.config().get("step")) {
      case "split" -> {
        int n = Integer.parseInt(call.input().text());
        for (int i = 0; i < n; i++) {
          call.emit("work", "w" + i, String.valueOf(i));
        }
        call.emit("results", "ctrl", n);
        return null;
      }
      case "square" -> {
        long i = Long.parseLong(call.input().text());
        long p = 1;
        for (int k = Integer.parseInt(call.config().getOrDefault("power", "2")); k > 0; k--) {
          p *= i;
        }
        return call.emit("results", "r" + i, String.valueOf(p));
      }
      default -> {
        long s = 0;
        for (Obj o : call.inputs()) {
          s += Long.parseLong(o.text());
        }
        return s;
      }
    }
  }

  private static void effect(Call call) {
    Path f = Path.of(System.getenv(EFFECTS)).resolve(call.app() + "-" + call.function() + "-" + call.instanceId());
    try {
      Files.createFile(f);
    } catch (FileAlreadyExistsException again) {
      // applied before, by an earlier execution of this instance: once is enough
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
