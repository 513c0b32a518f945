package io.jointflow.cluster;

import io.jointflow.function.JointflowException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} and {@code tc} as root, for {@code cluster up --netns}: each call waits
 * for the command, and a failure throws with its error output.
 */
final class Iproute {
  /** A hang guard only: these commands answer in milliseconds. */
  private static final long TIMEOUT_SECONDS = 60;

  private final Path ip;
  private final Path tc;

  private Iproute(Path ip, Path tc) {
    this.ip = ip;
    this.tc = tc;
  }

  /**
   * The {@code ip} command of this machine, for a root user.
   *
   * @throws JointflowException if this process is not root or {@code ip} is not installed, saying
   *     what to do
   */
  static Iproute find() {
    if (!isRoot()) {
      throw new JointflowException("--netns needs root (network namespaces); run as root or without --netns");
    }
    Path ip = executable("ip");
    if (ip == null) {
      throw new JointflowException("--netns needs the 'ip' command of iproute2, which is not installed here:"
          + " apt-get install -y iproute2");
    }
    return new Iproute(ip, executable("tc"));
  }

  /** The path of the {@code ip} command, for {@code ip netns exec}. */
  Path ip() {
    return ip;
  }

  /** Runs {@code ip ARGS} and returns its output; throws with its error output if it fails. */
  String run(String... args) {
    Result r = exec(ip, args);
    if (r.code != 0) {
      throw new JointflowException("'ip " + String.join(" ", args) + "' failed (exit " + r.code + "): " + r.output.strip());
    }
    return r.output;
  }

  /**
   * Runs {@code ip ARGS} to remove something; true if it was removed, false if it was already gone.
   *
   * @throws JointflowException if it fails for another reason
   */
  boolean remove(String... args) {
    Result r = exec(ip, args);
    if (r.code == 0) {
      return true;
    }
    if (r.output.contains("Cannot find device") || r.output.contains("No such file or directory")) {
      return false;
    }
    throw new JointflowException("'ip " + String.join(" ", args) + "' failed (exit " + r.code + "): " + r.output.strip());
  }

  /** True if {@code ip ARGS} succeeds. */
  boolean succeeds(String... args) {
    return exec(ip, args).code == 0;
  }

  /**
   * True if this kernel has the {@code netem} qdisc: tries to add one (no delay) to {@code device}
   * and removes it again.
   */
  boolean hasNetem(String device) {
    if (tc == null) {
      return false;
    }
    if (exec(tc, "qdisc", "add", "dev", device, "root", "netem", "delay", "0ms").code != 0) {
      return false;
    }
    exec(tc, "qdisc", "del", "dev", device, "root");
    return true;
  }

  private record Result(int code, String output) {}

  private static Result exec(Path command, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(command.toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      byte[] out = p.getInputStream().readAllBytes(); // ends when the command exits (or closes its output)
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new JointflowException("'" + String.join(" ", cmd) + "' did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JointflowException("cannot run '" + String.join(" ", cmd) + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JointflowException("interrupted while running '" + String.join(" ", cmd) + "'", e);
    }
  }

  /** Effective uid 0, from {@code /proc/self/status} ({@code Uid: real effective saved fs}). */
  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).strip().split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: namespaces are not available either
    }
    return false;
  }

  /** The command on PATH or in the sbin directories (not on a non-root user's PATH), or null. */
  private static Path executable(String name) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (!d.isEmpty()) {
        Path p = Path.of(d, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }
}
