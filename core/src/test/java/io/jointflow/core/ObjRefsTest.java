package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A live reference leaves the process as its blob reference if it has one, else as its bytes. */
class ObjRefsTest {
  private static LiveObj live(Object value) {
    return new LiveObj("r1", "b", "k", Map.of("m", "1"), List.of(2), "p#0", value, null);
  }

  @Test
  void aLiveValueWithoutABlobTravelsInlineWithItsExactSize() {
    ObjRef ref = ObjRefs.durable(live("héllo").localRef());
    assertThat(ref).isInstanceOf(ObjRef.Inline.class);
    byte[] expected = "héllo".getBytes(StandardCharsets.UTF_8);
    assertThat(((ObjRef.Inline) ref).bytes()).isEqualTo(expected);
    assertThat(ref.info()).isEqualTo(new ObjInfo("r1", "b", "k", Map.of("m", "1"), expected.length, List.of(2), "p#0"));
  }

  @Test
  void aLiveValueInABlobStoreTravelsAsItsBlobReference() {
    LiveObj o = live(ByteBuffer.wrap(new byte[100]));
    o.storedAt("files", "r1/b/k");
    ObjRef ref = ObjRefs.durable(o.localRef());
    assertThat(ref).isEqualTo(new ObjRef.Stored(o.info(), "files", "r1/b/k"));
  }

  @Test
  void inlineAndStoredReferencesAreReturnedAsTheyAre() {
    ObjInfo info = new ObjInfo("r1", "b", "k", null, 3, null, "input");
    ObjRef inline = new ObjRef.Inline(info, new byte[] {1, 2, 3});
    ObjRef stored = new ObjRef.Stored(info, "files", "x");
    assertThat(ObjRefs.durable(inline)).isSameAs(inline);
    assertThat(ObjRefs.durable(stored)).isSameAs(stored);
  }
}
