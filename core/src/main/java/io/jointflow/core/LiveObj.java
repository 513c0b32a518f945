package io.jointflow.core;

import io.jointflow.function.Obj;
import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An object held in memory: the value as emitted (for zero-copy hand-off on this host) and its
 * encoded bytes, computed at most once. Where the bytes are also durable (inline in a checkpoint or
 * in a blob) is recorded so that the object can travel to another process.
 */
final class LiveObj implements Obj {
  private final String runId;
  private final String bucket;
  private final String key;
  private final Map<String, String> meta;
  private final String producer;
  private final Object value;
  private volatile List<Integer> branch;
  private volatile ByteBuffer bytes;
  private volatile String blobStore;
  private volatile String blobKey;
  private volatile ObjRef.Local local;
  private final java.util.function.Supplier<ByteBuffer> loader;

  LiveObj(String runId, String bucket, String key, Map<String, String> meta, List<Integer> branch,
      String producer, Object value, ByteBuffer bytes) {
    this(runId, bucket, key, meta, branch, producer, value, bytes, null);
  }

  private LiveObj(String runId, String bucket, String key, Map<String, String> meta,
      List<Integer> branch, String producer, Object value, ByteBuffer bytes,
      java.util.function.Supplier<ByteBuffer> loader) {
    this.loader = loader;
    this.runId = runId;
    this.bucket = bucket;
    this.key = key;
    this.meta = meta == null ? Map.of() : meta;
    this.branch = branch == null ? List.of() : branch;
    this.producer = producer;
    this.value = value;
    this.bytes = bytes;
  }

  /** An object rebuilt from a reference that carried its bytes. */
  static LiveObj of(ObjInfo info, ByteBuffer bytes) {
    return new LiveObj(info.runId(), info.bucket(), info.key(), info.meta(), info.branch(),
        info.producer(), null, bytes.asReadOnlyBuffer());
  }

  /** An object whose bytes are in a blob store, fetched on first use. */
  static LiveObj stored(ObjInfo info, String store, String blobKey,
      java.util.function.Supplier<ByteBuffer> loader) {
    LiveObj o = new LiveObj(info.runId(), info.bucket(), info.key(), info.meta(), info.branch(),
        info.producer(), null, null, loader);
    o.storedAt(store, blobKey);
    return o;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public Map<String, String> meta() {
    return meta;
  }

  @Override
  public List<Integer> branch() {
    return branch;
  }

  void branch(List<Integer> b) {
    this.branch = List.copyOf(b);
    this.local = null;
  }

  String producer() {
    return producer;
  }

  @Override
  public long size() {
    return encoded().remaining();
  }

  /** The encoded bytes, encoding the value on first use. */
  ByteBuffer encoded() {
    ByteBuffer b = bytes;
    if (b == null) {
      synchronized (this) {
        b = bytes;
        if (b == null) {
          b = loader != null ? loader.get().asReadOnlyBuffer() : Json.encodeValue(value);
          bytes = b;
        }
      }
    }
    return b;
  }

  boolean isEncoded() {
    return bytes != null;
  }

  @Override
  public ByteBuffer buffer() {
    return encoded().duplicate();
  }

  @Override
  public byte[] bytes() {
    return Json.toArray(encoded());
  }

  @Override
  public String text() {
    if (value instanceof String s) {
      return s;
    }
    return StandardCharsets.UTF_8.decode(encoded().duplicate()).toString();
  }

  @Override
  public <T> T as(Class<T> type) {
    if (value != null && type.isInstance(value) && !(value instanceof ByteBuffer)) {
      return type.cast(value);
    }
    return Json.decodeValue(encoded(), type);
  }

  /** Identity and metadata with the exact size (encodes the value if needed). */
  ObjInfo info() {
    return new ObjInfo(runId, bucket, key, meta, size(), branch, producer);
  }

  void storedAt(String store, String key) {
    this.blobStore = store;
    this.blobKey = key;
  }

  String blobKey() {
    return blobKey;
  }

  /** A reference that survives leaving the process: the blob if there is one, else inline bytes. */
  ObjRef durableRef() {
    ObjInfo info = info();
    return blobKey != null
        ? new ObjRef.Stored(info, blobStore, blobKey)
        : new ObjRef.Inline(info, bytes());
  }

  /**
   * A zero-copy reference for this process. Its size is -1 while the value is not encoded, so that
   * handing a Java object to a co-located function never serializes it.
   */
  ObjRef.Local localRef() {
    ObjRef.Local r = local;
    if (r == null) {
      long size = bytes == null ? -1 : bytes.remaining();
      r = new ObjRef.Local(new ObjInfo(runId, bucket, key, meta, size, branch, producer), this);
      local = r;
    }
    return r;
  }

  @Override
  public String toString() {
    return id();
  }
}
