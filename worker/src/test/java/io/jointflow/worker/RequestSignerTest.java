package io.jointflow.worker;

import static io.jointflow.worker.RequestSigner.NONCE_HEADER;
import static io.jointflow.worker.RequestSigner.SIGNATURE_HEADER;
import static io.jointflow.worker.RequestSigner.TIMESTAMP_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.function.JointflowException;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.worker.RequestSigner.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signing and verification on a manual clock: every way a request can be wrong, and the edges of the window. */
class RequestSignerTest {
  private static final SigningKey KEY = SigningKey.of(SigningKeyTest.SECRET);
  private static final byte[] BODY = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
  private static final String PATH = "/v1/invoke/resize";

  private final ManualEnvironment env = ManualEnvironment.direct(7);
  private final RequestSigner signer = RequestSigner.create(KEY, env);

  private Verdict verify(RequestSigner s, String method, String path, Map<String, String> headers, byte[] body) {
    return s.verify(method, path, headers::get, body);
  }

  @Test
  void aSignedRequestVerifiesOnceAndIsAReplayAfterwards() {
    Map<String, String> h = signer.sign("POST", PATH, BODY);
    assertThat(h).containsOnlyKeys(TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER);
    assertThat(h.get(TIMESTAMP_HEADER)).isEqualTo(Long.toString(ManualEnvironment.START.toEpochMilli()));
    assertThat(h.get(SIGNATURE_HEADER)).matches("[0-9a-f]{64}");
    assertThat(verify(signer, "POST", PATH, h, BODY)).isEqualTo(Verdict.VALID);
    assertThat(verify(signer, "POST", PATH, h, BODY)).isEqualTo(Verdict.REPLAYED);
  }

  @Test
  void everySignatureHasItsOwnNonce() {
    Map<String, String> a = signer.sign("POST", PATH, BODY);
    Map<String, String> b = signer.sign("POST", PATH, BODY);
    assertThat(a.get(NONCE_HEADER)).isNotEqualTo(b.get(NONCE_HEADER)).matches("[A-Za-z0-9_-]{22}");
    assertThat(verify(signer, "POST", PATH, a, BODY)).isEqualTo(Verdict.VALID);
    assertThat(verify(signer, "POST", PATH, b, BODY)).isEqualTo(Verdict.VALID);
  }

  @Test
  void changingTheBodyMethodPathOrAnyHeaderBreaksTheSignature() {
    Map<String, String> h = signer.sign("POST", PATH, BODY);
    byte[] tampered = BODY.clone();
    tampered[5] ^= 1;
    assertThat(verify(signer, "POST", PATH, h, tampered)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verify(signer, "PUT", PATH, h, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verify(signer, "POST", "/v1/invoke/other", h, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verify(signer, "POST", PATH + "?x=1", h, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    Map<String, String> later = new HashMap<>(h);
    later.put(TIMESTAMP_HEADER, Long.toString(Long.parseLong(h.get(TIMESTAMP_HEADER)) + 1));
    assertThat(verify(signer, "POST", PATH, later, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    Map<String, String> otherNonce = new HashMap<>(h);
    otherNonce.put(NONCE_HEADER, "BBBBBBBBBBBBBBBBBBBBBB");
    assertThat(verify(signer, "POST", PATH, otherNonce, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    // the untouched request is still good: failed attempts do not use up its nonce
    assertThat(verify(signer, "POST", PATH, h, BODY)).isEqualTo(Verdict.VALID);
  }

  @Test
  void anotherKeyDoesNotVerify() {
    RequestSigner stranger = RequestSigner.create(SigningKey.of("another key of at least 32 bytes!!"), env);
    assertThat(verify(signer, "POST", PATH, stranger.sign("POST", PATH, BODY), BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void missingOrMalformedHeadersAreRejected() {
    Map<String, String> h = signer.sign("POST", PATH, BODY);
    for (String name : h.keySet()) {
      Map<String, String> partial = new HashMap<>(h);
      partial.remove(name);
      assertThat(verify(signer, "POST", PATH, partial, BODY)).as("without %s", name).isEqualTo(Verdict.UNSIGNED);
    }
    Map<String, String> badTime = new HashMap<>(h);
    badTime.put(TIMESTAMP_HEADER, "yesterday");
    assertThat(verify(signer, "POST", PATH, badTime, BODY)).isEqualTo(Verdict.MALFORMED);
    Map<String, String> badNonce = new HashMap<>(h);
    badNonce.put(NONCE_HEADER, "short");
    assertThat(verify(signer, "POST", PATH, badNonce, BODY)).isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void timestampsOlderThanTheWindowAreStaleAndTheEdgeIsNot() {
    Map<String, String> atEdge = signer.sign("POST", PATH, BODY);
    Map<String, String> pastEdge = signer.sign("POST", PATH, BODY);
    env.advance(Duration.ofMinutes(5));
    assertThat(verify(signer, "POST", PATH, atEdge, BODY)).isEqualTo(Verdict.VALID);
    env.advance(Duration.ofMillis(1));
    assertThat(verify(signer, "POST", PATH, pastEdge, BODY)).isEqualTo(Verdict.STALE);
  }

  @Test
  void timestampsAheadOfTheWindowAreStaleAndTheEdgeIsNot() {
    ManualEnvironment ahead = ManualEnvironment.direct(8);
    ahead.advance(Duration.ofMinutes(5).plusMillis(1));
    assertThat(verify(signer, "POST", PATH, RequestSigner.create(KEY, ahead).sign("POST", PATH, BODY), BODY))
        .isEqualTo(Verdict.STALE);
    ManualEnvironment edge = ManualEnvironment.direct(9);
    edge.advance(Duration.ofMinutes(5));
    assertThat(verify(signer, "POST", PATH, RequestSigner.create(KEY, edge).sign("POST", PATH, BODY), BODY))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void theReplayWindowIsConfigurable() {
    RequestSigner tight = RequestSigner.create(KEY, env, Duration.ofSeconds(10), 100);
    Map<String, String> h = tight.sign("POST", PATH, BODY);
    env.advance(Duration.ofSeconds(11));
    assertThat(verify(tight, "POST", PATH, h, BODY)).isEqualTo(Verdict.STALE);
    assertThatThrownBy(() -> RequestSigner.create(KEY, env, Duration.ZERO, 100))
        .isInstanceOf(JointflowException.class).hasMessage("signer option 'replay-window' must be positive: PT0S");
    assertThatThrownBy(() -> RequestSigner.create(KEY, env, Duration.ofMinutes(1), 0))
        .hasMessage("signer option 'max-nonces' must be at least 1: 0");
  }

  @Test
  void nonceCacheForgetsNoncesOnlyOnceTheirRequestsAreStaleAndRefusesWhenFull() {
    RequestSigner small = RequestSigner.create(KEY, env, Duration.ofMinutes(5), 2);
    Map<String, String> a = small.sign("POST", PATH, BODY);
    assertThat(verify(small, "POST", PATH, a, BODY)).isEqualTo(Verdict.VALID);
    assertThat(verify(small, "POST", PATH, small.sign("POST", PATH, BODY), BODY)).isEqualTo(Verdict.VALID);
    // full of nonces still needed: refuse rather than forget one (which would allow its replay)
    assertThat(verify(small, "POST", PATH, small.sign("POST", PATH, BODY), BODY)).isEqualTo(Verdict.REPLAY_CACHE_FULL);
    assertThat(verify(small, "POST", PATH, a, BODY)).isEqualTo(Verdict.REPLAYED);
    env.advance(Duration.ofMinutes(5).plusMillis(1));
    assertThat(verify(small, "POST", PATH, small.sign("POST", PATH, BODY), BODY)).isEqualTo(Verdict.VALID);
    assertThat(verify(small, "POST", PATH, a, BODY)).isEqualTo(Verdict.STALE);
  }

  @Test
  void signatureBaseStringAndTestVectorMatchTheProtocolDocument() {
    String base = RequestSigner.baseString("POST", PATH, "1767225600000", "AAAAAAAAAAAAAAAAAAAAAA", BODY);
    assertThat(base).isEqualTo("JF1-HMAC-SHA256\nPOST\n/v1/invoke/resize\n1767225600000\nAAAAAAAAAAAAAAAAAAAAAA\n"
        + "afbf9d0f3560b0fd7795e81c42a0a79ee6b6fc67e064f77826aee642cad28d91");
    // computed independently (Python hmac), and quoted in docs/worker-protocol.md
    Map<String, String> h = Map.of(TIMESTAMP_HEADER, "1767225600000", NONCE_HEADER, "AAAAAAAAAAAAAAAAAAAAAA",
        SIGNATURE_HEADER, "48997aec6b3e6d708d74c18dbf0a7708bcfc09ae6bd0a287da38fc060ebe6bc9");
    assertThat(verify(signer, "POST", PATH, h, BODY)).isEqualTo(Verdict.VALID);
  }
}
