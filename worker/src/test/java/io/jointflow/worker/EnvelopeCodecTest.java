package io.jointflow.worker;

import static io.jointflow.worker.Envelopes.assertSameEnvelope;
import static io.jointflow.worker.Envelopes.envelope;
import static io.jointflow.worker.Envelopes.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.function.Obj;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Envelopes survive the wire exactly; what is too large or malformed is refused with a clear message. */
class EnvelopeCodecTest {
  private final EnvelopeCodec codec = new EnvelopeCodec(WorkerOptions.DEFAULT_MAX_BODY_BYTES);

  private Envelope roundTrip(Envelope e) {
    return codec.decode(codec.encode(e), "sig");
  }

  @Test
  void metadataBranchPathsAndBothKindsOfReferenceRoundTrip() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("kind", "purchase");
    meta.put("empty", "");
    meta.put("quote\"and\\slash", "line\nbreak");
    Envelope e = envelope("join", "i-1", List.of(
        inline("a", new byte[] {0, 1, 2, (byte) 255}, meta, List.of(4, 0, 17)),
        new ObjRef.Stored(new ObjInfo("run-1", "big", "b", Map.of("m", "1"), 10_000_000, List.of(1), "split#1"),
            "files", "run-1/big/b"),
        inline("empty", new byte[0], Map.of(), List.of())));
    Envelope back = roundTrip(e);
    assertSameEnvelope(back, e);
    assertThat(back.signature()).isEqualTo("sig");
    assertThat(back.branch()).containsExactly(0, 3);
  }

  @Test
  void unicodeKeysAndMetadataRoundTrip() {
    String emojiKey = "\uD83D\uDE00".repeat(512);
    Envelope e = envelope("f", "i-\u00e9", List.of(
        inline(emojiKey, "v"),
        inline("\u6570\u636e-\u0394-\u00fc", "\u00fcber".getBytes(StandardCharsets.UTF_8),
            Map.of("\u540d\u524d", "\uD83D\uDE80 launch"), List.of())));
    assertSameEnvelope(roundTrip(e), e);
  }

  @Test
  void nullOptionalFieldsStayNull() {
    Envelope e = new Envelope("app", "r", "f", "i", null, null, List.of(), 0, 0, 0, null, null);
    Envelope back = roundTrip(e);
    assertSameEnvelope(back, e);
    assertThat(back.trigger()).isNull();
    assertThat(back.traceId()).isNull();
  }

  @Test
  void largeInlinePayloadsRoundTripByteForByte() {
    byte[] big = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(big);
    Envelope e = envelope("f", "big", List.of(inline("big", big, Map.of(), List.of())));
    byte[] wire = codec.encode(e);
    assertThat(wire.length).isGreaterThan(big.length * 4 / 3); // base64
    assertSameEnvelope(codec.decode(wire, null), e);
  }

  @Test
  void aLiveReferenceTravelsAsItsBytes() {
    Obj live = new Obj() {
      public String runId() { return "run-1"; }
      public String bucket() { return "items"; }
      public String key() { return "live"; }
      public Map<String, String> meta() { return Map.of("m", "v"); }
      public List<Integer> branch() { return List.of(2); }
      public long size() { return 5; }
      public ByteBuffer buffer() { return ByteBuffer.wrap(bytes()); }
      public byte[] bytes() { return "hello".getBytes(StandardCharsets.UTF_8); }
      public String text() { return "hello"; }
      public <T> T as(Class<T> type) { throw new UnsupportedOperationException(); }
    };
    ObjInfo info = new ObjInfo("run-1", "items", "live", Map.of("m", "v"), -1, List.of(2), "p#0");
    Envelope back = roundTrip(envelope("f", "i", List.of(new ObjRef.Local(info, live))));
    assertThat(back.inputs()).singleElement().isInstanceOfSatisfying(ObjRef.Inline.class, in -> {
      assertThat(in.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
      assertThat(in.info()).isEqualTo(new ObjInfo("run-1", "items", "live", Map.of("m", "v"), 5, List.of(2), "p#0"));
    });
  }

  @Test
  void anEnvelopeAboveTheLimitIsRefusedOnBothSidesWithItsSize() {
    EnvelopeCodec small = new EnvelopeCodec(1000);
    Envelope e = envelope("f", "i-9", List.of(inline("k", "x".repeat(2000))));
    assertThatThrownBy(() -> small.encode(e))
        .isInstanceOfSatisfying(WireFormatException.class, x -> assertThat(x.tooLarge()).isTrue())
        .hasMessageStartingWith("envelope of instance 'i-9' is too large: ")
        .hasMessageContaining("bytes (at most 1000;");
    byte[] wire = codec.encode(e);
    assertThatThrownBy(() -> small.decode(wire, null))
        .isInstanceOfSatisfying(WireFormatException.class, x -> assertThat(x.tooLarge()).isTrue())
        .hasMessage("body is too large: " + wire.length + " bytes (at most 1000)");
  }

  @Test
  void malformedBodiesAreRefusedWithoutQuotingThem() {
    assertMalformed("{\"v\":1,\"app\":\"" + Envelopes.MARKER, "body is not a JSON envelope (at line 1");
    assertMalformed(Envelopes.MARKER, "body is not a JSON envelope (at line 1");
    assertMalformed("null", "body is not a JSON envelope (null)");
    assertMalformed("{\"v\":2}", "envelope version 2 is not supported (this worker reads 1)");
    assertMalformed("{\"v\":1,\"runId\":\"r\",\"function\":\"f\",\"instanceId\":\"i\"}", "envelope field 'app' is missing");
    assertMalformed("{\"v\":1,\"app\":\"a\",\"runId\":\"r\",\"function\":\"f\",\"instanceId\":\"i\",\"attempt\":\""
        + Envelopes.MARKER + "\"}", "body is not a JSON envelope (at line 1");
    String input = "{\"runId\":\"r\",\"bucket\":\"b\",\"key\":\"" + Envelopes.MARKER + "/slash\",\"inline\":\"AA==\"}";
    assertMalformed(envelopeWith(input), "envelope field 'inputs[0]' has an invalid key or metadata");
    String both = "{\"runId\":\"r\",\"bucket\":\"b\",\"key\":\"k\",\"inline\":\"AA==\",\"store\":\"s\",\"blob\":\"x\"}";
    assertMalformed(envelopeWith(both), "envelope field 'inputs[0]' must have either 'inline' or both 'store' and 'blob'");
    String neither = "{\"runId\":\"r\",\"bucket\":\"b\",\"key\":\"k\",\"store\":\"s\"}";
    assertMalformed(envelopeWith(neither), "envelope field 'inputs[0]' must have either 'inline' or both 'store' and 'blob'");
    assertMalformed(envelopeWith("null"), "envelope input 0 is null");
  }

  private static String envelopeWith(String input) {
    return "{\"v\":1,\"app\":\"a\",\"runId\":\"r\",\"function\":\"f\",\"instanceId\":\"i\",\"inputs\":[" + input + "]}";
  }

  private void assertMalformed(String body, String message) {
    assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOfSatisfying(WireFormatException.class, x -> assertThat(x.tooLarge()).isFalse())
        .hasMessageStartingWith(message)
        .hasMessageNotContaining(Envelopes.MARKER);
  }
}
