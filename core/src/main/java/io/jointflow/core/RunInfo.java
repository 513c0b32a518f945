package io.jointflow.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a run.
 *
 * @param runId the run id
 * @param app the app
 * @param status the status
 * @param startedAt when it started
 * @param endedAt when it reached its status, or {@code null} while running
 * @param result the result function's return value as bytes, or {@code null}
 * @param failure why it failed, or {@code null}
 * @param functions per-function summary (instances, time, bytes), in the app's function order
 * @param inputs the run's input keys with their sizes in bytes
 * @param source the app definition the run was started from (a file), or {@code null}
 */
public record RunInfo(String runId, String app, RunStatus status, Instant startedAt, Instant endedAt,
    byte[] result, String failure, List<FunctionSummary> functions, java.util.Map<String, Long> inputs,
    String source) {

  /** The result decoded as UTF-8, or {@code null}. */
  public String resultText() {
    return result == null ? null : new String(result, StandardCharsets.UTF_8);
  }

  /** The result decoded as {@code type} (JSON for objects), or {@code null}. */
  public <T> T resultAs(Class<T> type) {
    return result == null ? null : Json.decodeValue(ByteBuffer.wrap(result), type);
  }
}
