package io.jointflow.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jointflow.core.ObjRefs;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire form of an {@link Envelope}: JSON, version {@value #VERSION} (see {@code
 * docs/worker-protocol.md}). Live references are sent in their durable form (inline bytes, base64,
 * or a blob reference), so a decoded envelope holds only {@link ObjRef.Inline} and {@link
 * ObjRef.Stored}. The envelope's {@code signature} does not travel in the body (the request headers
 * sign the body). Public for the adapters that carry envelopes through a cloud's own API (AWS
 * Lambda). Thread safe.
 */
public final class EnvelopeCodec {
  static final int VERSION = 1;

  private final long maxBytes;
  private final ObjectMapper mapper;

  /**
   * A codec for envelopes of at most {@code maxBytes} encoded bytes.
   *
   * @param maxBytes the largest encoded envelope written or read
   */
  public EnvelopeCodec(long maxBytes) {
    this.maxBytes = maxBytes;
    // The body size is checked before parsing, so strings (base64 payloads) need no limit of their own.
    JsonFactory json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
        .build();
    this.mapper = JsonMapper.builder(json)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }

  /** The envelope's JSON representation (version 1). */
  record Wire(int v, String app, String runId, String function, String instanceId, String trigger,
      List<Integer> branch, List<WireObj> inputs, int attempt, int depth, long deadlineMillis,
      String traceId, String origin) {}

  /** One input: identity, metadata, and either {@code inline} bytes or {@code store} and {@code blob}. */
  record WireObj(String runId, String bucket, String key, Map<String, String> meta, long size,
      List<Integer> branch, String producer, byte[] inline, String store, String blob) {}

  /**
   * The envelope as JSON bytes.
   *
   * @throws io.jointflow.function.JointflowException if they are longer than the limit (not retryable)
   */
  public byte[] encode(Envelope e) {
    List<WireObj> inputs = new ArrayList<>(e.inputs().size());
    for (ObjRef ref : e.inputs()) {
      ObjRef durable = ObjRefs.durable(ref);
      ObjInfo i = durable.info();
      inputs.add(switch (durable) {
        case ObjRef.Inline in -> new WireObj(i.runId(), i.bucket(), i.key(), i.meta(), i.size(),
            i.branch(), i.producer(), in.bytes(), null, null);
        case ObjRef.Stored st -> new WireObj(i.runId(), i.bucket(), i.key(), i.meta(), i.size(),
            i.branch(), i.producer(), null, st.store(), st.blobKey());
        case ObjRef.Local l -> throw new IllegalStateException("ObjRefs.durable returned a live reference");
      });
    }
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(new Wire(VERSION, e.app(), e.runId(), e.function(),
          e.instanceId(), e.trigger(), e.branch(), inputs, e.attempt(), e.depth(), e.deadlineMillis(),
          e.traceId(), e.origin()));
    } catch (IOException x) {
      throw new WireFormatException("envelope of instance '" + e.instanceId() + "' cannot be encoded: "
          + x.getClass().getSimpleName(), false);
    }
    if (bytes.length > maxBytes) {
      throw new WireFormatException("envelope of instance '" + e.instanceId() + "' is too large: "
          + bytes.length + " bytes (at most " + maxBytes + "; large objects should travel as blob references)", true);
    }
    return bytes;
  }

  /**
   * The envelope in {@code body}, with {@code signature} set.
   *
   * @throws io.jointflow.function.JointflowException if the body is above the limit or not a
   *     well-formed envelope; the message names the problem (a location or a field), never the content
   */
  public Envelope decode(byte[] body, String signature) {
    if (body.length > maxBytes) {
      throw new WireFormatException("body is too large: " + body.length + " bytes (at most " + maxBytes + ")", true);
    }
    Wire w;
    try {
      w = mapper.readValue(body, Wire.class);
    } catch (JacksonException x) {
      JsonLocation at = x.getLocation();
      throw new WireFormatException("body is not a JSON envelope"
          + (at == null ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), false);
    } catch (IOException x) {
      throw new WireFormatException("body is not a JSON envelope", false);
    }
    if (w == null) {
      throw new WireFormatException("body is not a JSON envelope (null)", false);
    }
    if (w.v() != VERSION) {
      throw new WireFormatException("envelope version " + w.v() + " is not supported (this worker reads "
          + VERSION + ")", false);
    }
    require(w.app(), "app");
    require(w.runId(), "runId");
    require(w.function(), "function");
    require(w.instanceId(), "instanceId");
    List<ObjRef> inputs = new ArrayList<>();
    List<WireObj> in = w.inputs() == null ? List.of() : w.inputs();
    for (int n = 0; n < in.size(); n++) {
      inputs.add(toRef(in.get(n), n));
    }
    return new Envelope(w.app(), w.runId(), w.function(), w.instanceId(), w.trigger(), noNulls(w.branch(), "branch"),
        inputs, w.attempt(), w.depth(), w.deadlineMillis(), w.traceId(), signature, w.origin());
  }

  private static ObjRef toRef(WireObj o, int n) {
    if (o == null) {
      throw new WireFormatException("envelope input " + n + " is null", false);
    }
    require(o.runId(), "inputs[" + n + "].runId");
    require(o.bucket(), "inputs[" + n + "].bucket");
    ObjInfo info;
    try {
      info = new ObjInfo(o.runId(), o.bucket(), o.key(), o.meta(), o.size(),
          noNulls(o.branch(), "inputs[" + n + "].branch"), o.producer());
    } catch (IllegalArgumentException | NullPointerException x) {
      throw new WireFormatException("envelope field 'inputs[" + n + "]' has an invalid key or metadata", false);
    }
    if (o.inline() != null && o.store() == null && o.blob() == null) {
      return new ObjRef.Inline(info, o.inline());
    }
    if (o.inline() == null && o.store() != null && o.blob() != null) {
      return new ObjRef.Stored(info, o.store(), o.blob());
    }
    throw new WireFormatException("envelope field 'inputs[" + n + "]' must have either 'inline' or both 'store' and 'blob'", false);
  }

  private static List<Integer> noNulls(List<Integer> list, String field) {
    if (list != null && list.contains(null)) {
      throw new WireFormatException("envelope field '" + field + "' contains null", false);
    }
    return list;
  }

  private static void require(String value, String field) {
    if (value == null) {
      throw new WireFormatException("envelope field '" + field + "' is missing", false);
    }
  }
}
