package io.jointflow.cli;

import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import io.jointflow.worker.SigningKey;
import io.jointflow.worker.WorkerClient;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An embedded runtime opened for one command, with the apps it deployed. */
final class Session implements AutoCloseable {
  private final Jointflow jointflow;
  private final List<URLClassLoader> loaders = new ArrayList<>();
  /** The environment this session opened for the host, or null if the host opened its own. */
  private final SystemEnvironment env;

  private Session(Jointflow jointflow, SystemEnvironment env) {
    this.jointflow = jointflow;
    this.env = env;
  }

  static Session open(StateOptions options) {
    Main.configureLogging(options.verbose);
    if (options.clouds != null) {
      io.jointflow.cloud.Clouds clouds = io.jointflow.definition.CloudsDefinitions.load(options.clouds);
      for (io.jointflow.cloud.CloudSpec c : clouds.clouds().values()) {
        createParentOf(c.state());
      }
      String worker = WorkerClient.firstWorkerCloud(clouds);
      if (worker == null) {
        return new Session(Jointflow.builder().clouds(clouds).build(), null);
      }
      // Workers run the functions; this process starts and follows runs (and sweeps, like every host).
      SigningKey key = WorkerClient.key(clouds);
      SystemEnvironment env = SystemEnvironment.create();
      try {
        return new Session(WorkerClient.connect(clouds, worker, key, env, JointflowOptions.defaults(),
            Main.class.getClassLoader()), env);
      } catch (RuntimeException e) {
        env.close();
        throw e;
      }
    }
    var b = Jointflow.builder().state(options.state);
    if (options.state.startsWith("sqlite:")) {
      Path db = Path.of(options.state.substring("sqlite:".length())).toAbsolutePath();
      try {
        Files.createDirectories(db.getParent());
      } catch (IOException e) {
        throw new JointflowException("cannot create directory '" + db.getParent() + "' for the state store: " + e.getMessage(), e);
      }
    }
    if (options.blobs != null) {
      b.blobs("filesystem:" + options.blobs);
    } else if (!options.state.startsWith("sqlite:") && !options.state.equals("memory")) {
      // A durable store without a file to sit beside: keep large objects where resume finds them.
      b.blobs("filesystem:" + Path.of(StateOptions.DEFAULT_BLOBS).toAbsolutePath());
    }
    return new Session(b.build(), null);
  }

  /** Creates the directory of a {@code sqlite:} state store's file; nothing for other stores. */
  static void createParentOf(String stateSpec) {
    if (stateSpec.startsWith("sqlite:")) {
      Path db = Path.of(stateSpec.substring("sqlite:".length())).toAbsolutePath();
      try {
        Files.createDirectories(db.getParent());
      } catch (IOException e) {
        throw new JointflowException("cannot create directory '" + db.getParent() + "' for the state store: " + e.getMessage(), e);
      }
    }
  }

  Jointflow jointflow() {
    return jointflow;
  }

  /**
   * Loads a definition, reporting every error with file and line. Call it before {@link #open} so
   * that a bad definition leaves no trace.
   */
  static LoadedApp load(Path file) {
    return AppDefinitions.load(file, Main.class.getClassLoader());
  }

  /** Deploys a loaded definition. */
  LoadedApp deploy(LoadedApp loaded, Path file) {
    ClassLoader parent = Main.class.getClassLoader();
    ClassLoader handlers = parent;
    if (!loaded.jars().isEmpty()) {
      URLClassLoader l = loaded.newClassLoader(parent);
      loaders.add(l);
      handlers = l;
    }
    jointflow.deploy(loaded.app(), handlers, file.toAbsolutePath().normalize().toString());
    return loaded;
  }

  @Override
  public void close() {
    jointflow.close();
    if (env != null) {
      env.close();
    }
    for (URLClassLoader l : loaders) {
      try {
        l.close();
      } catch (IOException e) {
        // nothing left to do with it
      }
    }
  }
}
