package io.jointflow.core;

import io.jointflow.app.App;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.Mode;
import io.jointflow.app.Problem;
import io.jointflow.app.InvalidAppException;
import io.jointflow.app.TriggerSpec;
import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployed app: the definition with its handler instances and a trigger index per bucket, and
 * for each function the triggers that name it as a re-execution source.
 */
final class AppRuntime {
  private final App app;
  private final String source;
  private final Map<String, Handler> handlers;
  private final Map<String, List<TriggerSpec>> triggersByBucket = new HashMap<>();
  private final Map<String, List<TriggerSpec>> rerunsBySource = new HashMap<>();
  private final boolean globalTriggers;

  private AppRuntime(App app, String source, Map<String, Handler> handlers) {
    this.app = app;
    this.source = source;
    this.handlers = handlers;
    this.globalTriggers = app.triggers().stream().anyMatch(t -> t.scope() == io.jointflow.app.Scope.GLOBAL);
    for (TriggerSpec t : app.triggers()) {
      triggersByBucket.computeIfAbsent(t.bucket(), b -> new ArrayList<>()).add(t);
      if (t.rerun() != null) {
        rerunsBySource.computeIfAbsent(t.rerun().source(), s -> new ArrayList<>()).add(t);
      }
    }
  }

  /**
   * Instantiates the handlers of an app.
   *
   * @throws InvalidAppException naming every handler class that cannot be loaded or created
   */
  static AppRuntime create(App app, ClassLoader loader, String source) {
    Map<String, Handler> handlers = new HashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (FunctionSpec f : app.functions().values()) {
      if (f.handler() != null) {
        handlers.put(f.name(), f.handler());
        continue;
      }
      try {
        Class<?> c = Class.forName(f.handlerClass(), true, loader);
        if (!Handler.class.isAssignableFrom(c)) {
          problems.add(new Problem("functions." + f.name() + ".class", "function '" + f.name()
              + "' handler class '" + f.handlerClass() + "' does not implement " + Handler.class.getName()));
          continue;
        }
        handlers.put(f.name(), (Handler) c.getConstructor().newInstance());
      } catch (ClassNotFoundException e) {
        problems.add(new Problem("functions." + f.name() + ".class", "function '" + f.name()
            + "' handler class '" + f.handlerClass() + "' is not on the classpath (add its jar under 'jars:')"));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
        problems.add(new Problem("functions." + f.name() + ".class", "function '" + f.name()
            + "' handler class '" + f.handlerClass() + "' cannot be created (it needs a public no-argument constructor): "
            + cause));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidAppException(app.name(), problems);
    }
    return new AppRuntime(app, source, handlers);
  }

  App app() {
    return app;
  }

  String name() {
    return app.name();
  }

  String source() {
    return source;
  }

  boolean hasGlobalTriggers() {
    return globalTriggers;
  }

  /**
   * The clouds {@code function} is placed on, primary first: its own placement, else the app's;
   * empty: the host's local cloud.
   */
  List<String> placement(String function) {
    FunctionSpec f = app.function(function);
    return f != null && !f.placement().isEmpty() ? f.placement() : app.placement();
  }

  boolean exactlyOnce() {
    return app.mode() == Mode.EXACTLY_ONCE;
  }

  FunctionSpec function(String name) {
    return app.function(name);
  }

  Handler handler(String function) {
    return handlers.get(function);
  }

  List<TriggerSpec> triggersOn(String bucket) {
    return triggersByBucket.getOrDefault(bucket, List.of());
  }

  List<TriggerSpec> rerunsFor(String function) {
    return rerunsBySource.getOrDefault(function, List.of());
  }
}
