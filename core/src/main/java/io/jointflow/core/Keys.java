package io.jointflow.core;

/**
 * The key layout in the state and blob stores. Everything that belongs to a run starts with the
 * run's prefixes, so garbage collection is a few prefix deletes.
 *
 * <pre>
 * runs/RUN                              run record (app, status, inputs, result, failure)
 * r/APP/RUN/out/INSTANCE                output checkpoint
 * r/APP/RUN/t/BUCKET/TRIGGER[/...]      run-scoped trigger state (sets)
 * r/APP/RUN/fires/BUCKET/TRIGGER        counter of a trigger's firings (max-fires)
 * r/APP/RUN/counted/INSTANCE            a step recorded in several batches counted all its firings
 * pending/APP/RUN/INSTANCE              invocation checkpoint and pending record
 * timers/APP/SCOPE/BUCKET/TRIGGER       by-time cursor (SCOPE = run id or _global)
 * g/APP/t/BUCKET/TRIGGER[/...]          global trigger state
 * hosts/HOST                            host lease
 * gc/DUE/RUN                            a succeeded run to collect at DUE (ms, zero padded), or a
 *                                       collected run whose record goes at DUE
 * g/APP/t/BUCKET/TRIGGER/trim           a global trigger's trim record (see Trims)
 * blobs: APP/RUN/...
 * </pre>
 */
final class Keys {
  static final String GLOBAL = "_global";

  private Keys() {}

  static String run(String runId) {
    return "runs/" + runId;
  }

  static String runsPrefix() {
    return "runs/";
  }

  static String runData(String app, String runId) {
    return "r/" + app + "/" + runId + "/";
  }

  static String output(String app, String runId, String instanceId) {
    return runData(app, runId) + "out/" + instanceId;
  }

  static String outputs(String app, String runId) {
    return runData(app, runId) + "out/";
  }

  static String triggerState(String app, String runId, String bucket, String trigger, boolean global) {
    return global
        ? "g/" + app + "/t/" + bucket + "/" + trigger
        : runData(app, runId) + "t/" + bucket + "/" + trigger;
  }

  static String fires(String app, String runId, String bucket, String trigger) {
    return runData(app, runId) + "fires/" + bucket + "/" + trigger;
  }

  static String counted(String app, String runId, String instanceId) {
    return runData(app, runId) + "counted/" + instanceId;
  }

  static String pending(String app, String runId, String instanceId) {
    return "pending/" + app + "/" + runId + "/" + instanceId;
  }

  static String pendingOfRun(String app, String runId) {
    return "pending/" + app + "/" + runId + "/";
  }

  static String pendingPrefix() {
    return "pending/";
  }

  static String timer(String app, String scope, String bucket, String trigger) {
    return "timers/" + app + "/" + scope + "/" + bucket + "/" + trigger;
  }

  static String timersOfRun(String app, String runId) {
    return "timers/" + app + "/" + runId + "/";
  }

  static String timersPrefix() {
    return "timers/";
  }

  static String gc(long dueMillis, String runId) {
    return String.format("gc/%015d/%s", dueMillis, runId);
  }

  static String gcPrefix() {
    return "gc/";
  }

  static String host(String hostId) {
    return "hosts/" + hostId;
  }

  static String blobsOfRun(String app, String runId) {
    return app + "/" + runId + "/";
  }
}
