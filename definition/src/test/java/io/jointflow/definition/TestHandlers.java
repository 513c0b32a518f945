package io.jointflow.definition;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Handler classes that a definition must not be allowed to name, one per reason. */
final class TestHandlers {
  private TestHandlers() {}

  /** Not a handler at all. */
  public static class NotAHandler {}

  /** Needs an argument to be created. */
  public static class NoDefaultConstructor implements Handler {
    public NoDefaultConstructor(String config) {}

    @Override
    public Object handle(Call call) {
      return null;
    }
  }

  /** Cannot be instantiated. */
  public abstract static class Abstract implements Handler {}

  /** Cannot be reached from another package. */
  static class Hidden implements Handler {
    public Hidden() {}

    @Override
    public Object handle(Call call) {
      return null;
    }
  }

  /** Needs an enclosing instance. */
  public class Inner implements Handler {
    @Override
    public Object handle(Call call) {
      return null;
    }
  }
}
