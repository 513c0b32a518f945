package io.jointflow.cli;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.TerminalException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test handler: appends '!'; fails for good while the file named by system property {@code exclaim.broken} exists. */
public class Exclaim implements Handler {
  @Override
  public Object handle(Call call) {
    String broken = System.getProperty("exclaim.broken");
    if (broken != null && Files.exists(Path.of(broken))) {
      throw new TerminalException("broken on purpose");
    }
    return call.input().text() + "!";
  }
}
