package io.jointflow.spi;

import io.jointflow.function.Obj;

/**
 * An object as it travels in an {@link Envelope} or is recorded in a checkpoint: bytes inline, a
 * blob reference, or (in process only) the live object itself.
 */
public sealed interface ObjRef {
  /** Identity and metadata. */
  ObjInfo info();

  /** Small objects: the bytes travel with the reference. */
  record Inline(ObjInfo info, byte[] bytes) implements ObjRef {}

  /** Large objects: the bytes are in blob store {@code store} under {@code blobKey}. */
  record Stored(ObjInfo info, String store, String blobKey) implements ObjRef {}

  /**
   * Zero-copy hand-off between co-located functions: the live object. Never serialized; a backend
   * that leaves the process replaces it by {@link Inline} or {@link Stored} first.
   */
  record Local(ObjInfo info, Obj obj) implements ObjRef {}
}
