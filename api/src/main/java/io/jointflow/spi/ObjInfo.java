package io.jointflow.spi;

import io.jointflow.app.Names;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about an object besides its bytes.
 *
 * @param runId the run
 * @param bucket the bucket
 * @param key the key, unique within bucket and run
 * @param meta producer metadata (read by conditions)
 * @param size encoded size in bytes, or -1 inside one process while the value is not encoded
 * @param branch branch path a consumer triggered by this object alone runs under
 * @param producer instance id of the producer ({@code "input"} for run inputs)
 */
public record ObjInfo(String runId, String bucket, String key, Map<String, String> meta, long size,
    List<Integer> branch, String producer) {
  public ObjInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bucket, "bucket");
    Names.checkKey(key);
    meta = meta == null ? Map.of() : Map.copyOf(meta);
    branch = branch == null ? List.of() : List.copyOf(branch);
  }

  /** {@code runId/bucket/key}. */
  public String id() {
    return runId + "/" + bucket + "/" + key;
  }
}
