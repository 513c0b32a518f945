package io.jointflow.core;

import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.util.List;
import java.util.Map;

/** The persisted form of an {@link ObjRef}: identity plus inline bytes or a blob reference. */
record StoredObj(String runId, String bucket, String key, Map<String, String> meta, long size,
    List<Integer> branch, String producer, byte[] inline, String store, String blob) {

  static StoredObj of(ObjRef ref) {
    ObjRef durable = ref instanceof ObjRef.Local l ? ((LiveObj) l.obj()).durableRef() : ref;
    ObjInfo i = durable.info();
    return switch (durable) {
      case ObjRef.Inline in -> new StoredObj(i.runId(), i.bucket(), i.key(), i.meta(), i.size(),
          i.branch(), i.producer(), in.bytes(), null, null);
      case ObjRef.Stored st -> new StoredObj(i.runId(), i.bucket(), i.key(), i.meta(), i.size(),
          i.branch(), i.producer(), null, st.store(), st.blobKey());
      case ObjRef.Local l -> throw new IllegalStateException("unreachable");
    };
  }

  ObjInfo info() {
    return new ObjInfo(runId, bucket, key, meta, size, branch, producer);
  }

  ObjRef toRef() {
    return blob != null ? new ObjRef.Stored(info(), store, blob) : new ObjRef.Inline(info(), inline);
  }

  String id() {
    return runId + "/" + bucket + "/" + key;
  }
}
