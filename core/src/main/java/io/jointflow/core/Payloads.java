package io.jointflow.core;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Envelope payload sizes, and fitting an envelope under a cloud's async payload limit (256 KB on
 * Lambda, 128 KB on Function Compute): the largest inputs travel as blob references instead.
 */
final class Payloads {
  /** What a blob reference costs on the wire, roughly (identity and key). */
  private static final long REFERENCE_BYTES = 200;
  /** The bucket of the one input that stands for a packed input list (not a valid bucket name). */
  static final String PACKED = "jointflow:inputs";

  private Payloads() {}

  /** Bytes of an input that travel inline. */
  static long inlineBytes(ObjRef r) {
    return switch (r) {
      case ObjRef.Inline in -> in.bytes().length;
      case ObjRef.Local l -> ((LiveObj) l.obj()).size();
      case ObjRef.Stored st -> REFERENCE_BYTES;
    };
  }

  /** Bytes of all inputs of an envelope that travel inline. */
  static long inlineBytes(Envelope e) {
    long n = 0;
    for (ObjRef r : e.inputs()) {
      n += inlineBytes(r);
    }
    return n;
  }

  /**
   * The envelope with its largest inline inputs moved to {@code blobs} (under the run's blob prefix,
   * as cloud {@code cloud}'s) until it fits {@code limit}; the same envelope if it fits already.
   */
  static Envelope fit(Envelope e, long limit, String cloud, BlobStore blobs) {
    long total = inlineBytes(e);
    if (total <= limit) {
      return e;
    }
    List<ObjRef> inputs = new ArrayList<>(e.inputs());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> inlineBytes(inputs.get(i))).reversed());
    for (int i : order) {
      if (total <= limit) {
        break;
      }
      ObjRef r = inputs.get(i);
      if (r instanceof ObjRef.Stored) {
        continue;
      }
      long before = inlineBytes(r);
      LiveObj o = r instanceof ObjRef.Local l ? (LiveObj) l.obj() : LiveObj.of(r.info(),
          java.nio.ByteBuffer.wrap(((ObjRef.Inline) r).bytes()));
      if (o.blobKey() == null) {
        String key = Keys.blobsOfRun(e.app(), e.runId()) + "payload/" + e.instanceId() + "/" + i;
        blobs.putIfAbsent(key, o.encoded());
        o.storedAt(cloud, key);
      }
      inputs.set(i, o.durableRef());
      total += REFERENCE_BYTES - before;
    }
    List<ObjRef> sent = total > limit && inputs.size() > 1 ? List.of(pack(e, inputs, cloud, blobs)) : inputs;
    return new Envelope(e.app(), e.runId(), e.function(), e.instanceId(), e.trigger(), e.branch(), sent,
        e.attempt(), e.depth(), e.deadlineMillis(), e.traceId(), e.signature(), e.origin());
  }

  /**
   * A fan-in whose references alone exceed the limit (thousands of inputs): the list itself goes to
   * {@code blobs}, and the envelope carries one reference to it, which {@link #unpack} turns back
   * into the list. The key is the instance's, so a retry writes the same list to the same key.
   */
  private static ObjRef pack(Envelope e, List<ObjRef> inputs, String cloud, BlobStore blobs) {
    byte[] list = Json.write(inputs.stream().map(StoredObj::of).toList());
    String key = Keys.blobsOfRun(e.app(), e.runId()) + "payload/" + e.instanceId() + "/inputs";
    blobs.putIfAbsent(key, ByteBuffer.wrap(list));
    ObjInfo info = new ObjInfo(e.runId(), PACKED, "inputs", Map.of(), list.length, e.branch(), e.instanceId());
    return new ObjRef.Stored(info, cloud, key);
  }

  /** The inputs of an envelope as its function sees them: a packed list read back from its blob. */
  static List<ObjRef> unpack(List<ObjRef> inputs, Function<ObjRef, LiveObj> resolve) {
    if (inputs.size() != 1 || !PACKED.equals(inputs.get(0).info().bucket())) {
      return inputs;
    }
    StoredObj[] list = Json.read(resolve.apply(inputs.get(0)).bytes(), StoredObj[].class);
    List<ObjRef> out = new ArrayList<>(list.length);
    for (StoredObj o : list) {
      out.add(o.toRef());
    }
    return out;
  }
}
