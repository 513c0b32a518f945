package io.jointflow.core;

import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;

/** Object references that may leave this process. */
public final class ObjRefs {
  private ObjRefs() {}

  /**
   * The form of {@code ref} that can travel to another process: a {@link ObjRef.Local} becomes its
   * blob reference if the object is in a blob store, otherwise its bytes inline (encoding the value
   * if needed); {@link ObjRef.Inline} and {@link ObjRef.Stored} are returned as they are.
   */
  public static ObjRef durable(ObjRef ref) {
    if (!(ref instanceof ObjRef.Local l)) {
      return ref;
    }
    if (l.obj() instanceof LiveObj live) {
      return live.durableRef();
    }
    // Some other Obj (built outside the runtime): its bytes are all there is to send.
    byte[] bytes = l.obj().bytes();
    ObjInfo i = l.info();
    return new ObjRef.Inline(new ObjInfo(i.runId(), i.bucket(), i.key(), i.meta(), bytes.length,
        i.branch(), i.producer()), bytes);
  }
}
