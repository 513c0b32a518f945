package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjInfo;
import io.jointflow.spi.ObjRef;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Envelopes above a cloud's async payload limit send their largest inputs as blob references. */
class PayloadsTest {

  private static ObjRef.Inline inline(String key, int size) {
    return new ObjRef.Inline(new ObjInfo("r", "b", key, Map.of(), size, List.of(), "p"), new byte[size]);
  }

  private static Envelope envelope(List<ObjRef> inputs) {
    return new Envelope("app", "r", "f", "i", "b/t", List.of(), inputs, 0, 0, 0, "r", null, "aws");
  }

  @Test
  void theLargestInputsMoveToBlobsUntilTheEnvelopeFits() {
    try (BlobStore blobs = FileBlobStore.open(Harness.tempDir())) {
      Envelope e = envelope(List.of(inline("small", 10_000), inline("big", 200_000), inline("mid", 100_000)));
      Envelope fitted = Payloads.fit(e, 128 * 1024, "aws", blobs);

      assertThat(fitted.inputs()).extracting(r -> r.getClass().getSimpleName()).containsExactly("Inline", "Stored", "Inline");
      assertThat(Payloads.inlineBytes(fitted)).isLessThanOrEqualTo(128 * 1024);
      ObjRef.Stored big = (ObjRef.Stored) fitted.inputs().get(1);
      assertThat(big.store()).isEqualTo("aws");
      assertThat(blobs.get(big.blobKey())).hasValueSatisfying(b -> assertThat(b.remaining()).isEqualTo(200_000));
      assertThat(Payloads.fit(fitted, 128 * 1024, "aws", blobs)).as("fits: unchanged").isSameAs(fitted);
    }
  }

  @Test
  void inputsWhoseReferencesAloneDoNotFitTravelAsOneListInABlob() {
    try (BlobStore blobs = FileBlobStore.open(Harness.tempDir())) {
      List<ObjRef> many = new java.util.ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        many.add(inline("k" + i, 100 + i % 7));
      }
      Envelope fitted = Payloads.fit(envelope(many), 128 * 1024, "aws", blobs);

      assertThat(fitted.inputs()).singleElement().satisfies(r -> assertThat(r.info().bucket()).isEqualTo(Payloads.PACKED));
      assertThat(Payloads.inlineBytes(fitted)).isLessThanOrEqualTo(128 * 1024);
      List<ObjRef> back = Payloads.unpack(fitted.inputs(), r -> LiveObj.of(r.info(),
          blobs.get(((ObjRef.Stored) r).blobKey()).orElseThrow()));
      assertThat(back).extracting(r -> r.info().key()).containsExactlyElementsOf(many.stream().map(r -> r.info().key()).toList());
      assertThat(back).extracting(r -> r.info().size()).containsExactlyElementsOf(many.stream().map(r -> r.info().size()).toList());
      assertThat(Payloads.unpack(many, r -> {
        throw new AssertionError("an unpacked list is not read");
      })).isSameAs(many);
    }
  }

  @Test
  void anEnvelopeThatFitsIsUnchanged() {
    try (BlobStore blobs = FileBlobStore.open(Harness.tempDir())) {
      Envelope e = envelope(List.of(inline("a", 1000)));
      assertThat(Payloads.fit(e, 128 * 1024, "aws", blobs)).isSameAs(e);
    }
  }
}
