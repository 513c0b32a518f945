package io.jointflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where and how a benchmark run happened: the command, date, commit, CPUs, memory, JDK, JVM
 * options, kernel and the load average (other users of a shared machine show up there).
 */
record MachineInfo(String command, String date, String commit, int cpus, String cpuModel, String memory,
    String jdk, String jvmOptions, String kernel, String loadAtStart) {

  /** {@code command} and {@code commit} come from bench/run.sh (environment), else from this JVM. */
  static MachineInfo collect() {
    String command = env("BENCH_COMMAND", "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
        + " " + BenchMain.class.getName());
    String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.home") + ")";
    return new MachineInfo(command, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), env("BENCH_COMMIT", "unknown"),
        Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(), jdk,
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        loadAverage());
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String readCpuModel() {
    return procLine("/proc/cpuinfo", "model name");
  }

  private static String readMemory() {
    String kb = procLine("/proc/meminfo", "MemTotal").replace("kB", "").trim();
    try {
      return String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return "unknown";
    }
  }

  private static String procLine(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String l : lines) {
        if (l.startsWith(key) && l.contains(":")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it unknown
    }
    return "unknown";
  }
}
