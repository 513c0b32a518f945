package io.jointflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Envelopes for tests, and a comparison that looks into inline bytes. */
final class Envelopes {
  /** In every test payload, so that tests can check it never reaches a log. */
  static final String MARKER = "PAYLOAD-MARKER";

  private Envelopes() {}

  static ObjRef.Inline inline(String key, byte[] bytes, Map<String, String> meta, List<Integer> branch) {
    return new ObjRef.Inline(new ObjInfo("run-1", "items", key, meta, bytes.length, branch, "split#0"), bytes);
  }

  static ObjRef.Inline inline(String key, String text) {
    return inline(key, text.getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
  }

  static Envelope envelope(String function, String id, List<ObjRef> inputs) {
    return envelope("app", function, id, inputs);
  }

  static Envelope envelope(String app, String function, String id, List<ObjRef> inputs) {
    return new Envelope(app, "run-1", function, id, "items/t", List.of(0, 3), inputs, 1, 2,
        1_767_225_900_000L, "trace-1", null, "aws");
  }

  /** As {@link #secret(String, String)}, of {@code app}. */
  static Envelope secret(String app, String function, String id) {
    return envelope(app, function, id, List.of(inline("k", MARKER + "-bytes-" + id)));
  }

  /** An envelope whose input carries {@link #MARKER} in its bytes and metadata. */
  static Envelope secret(String function, String id) {
    return envelope(function, id, List.of(inline("k", MARKER + "-bytes-" + id)));
  }

  /** Asserts equal envelopes, comparing inline bytes by content; {@code signature} is not compared. */
  static void assertSameEnvelope(Envelope actual, Envelope expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFields("signature", "inputs").isEqualTo(expected);
    assertThat(actual.inputs()).hasSameSizeAs(expected.inputs());
    for (int i = 0; i < expected.inputs().size(); i++) {
      ObjRef a = actual.inputs().get(i);
      ObjRef e = expected.inputs().get(i);
      assertThat(a.getClass()).as("input %d", i).isEqualTo(e.getClass());
      assertThat(a.info()).as("input %d", i).isEqualTo(e.info());
      if (e instanceof ObjRef.Inline in) {
        assertThat(((ObjRef.Inline) a).bytes()).as("input %d bytes", i).isEqualTo(in.bytes());
      } else {
        assertThat(a).isEqualTo(e);
      }
    }
  }
}
