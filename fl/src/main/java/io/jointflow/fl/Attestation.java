package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A software stand-in for TEE attestation, <b>not a hardware TEE</b>: a key broker holds one
 * AES-256 key per data center (and one for rotation between them) and releases a key only to code
 * whose measurement, the SHA-256 of its class file, is on the allow-list. Owners' data and models
 * travel sealed with AES-GCM, the parcel's header bound in as associated data, so an update that
 * was altered, sealed with another key or labelled for another job fails to open.
 *
 * <p>Each domain's key is derived from the broker's master secret (SHA-256 of the secret and the
 * domain), so the brokers of a job's processes, the driver and every worker, built from the same
 * secret release the same keys whatever order they are asked in. The built-in broker draws its
 * secret from the job's seed ({@link #forFunctions}): reproducible, and anyone with the job's file
 * can derive its keys. Nonces come from a {@link SecureRandom}, so processes sharing a key never
 * repeat one.
 *
 * <p>What it does not give: protection from the JVM that runs it (every key is in this process's
 * memory), a secret kept from whoever has the job's file, remote attestation evidence, or sealed
 * storage. Thread safe.
 */
public final class Attestation {
  /** The key of model transfers between data centers. */
  static final String ROTATION = "#rotation";
  private static final int TAG_BITS = 128;

  private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
  private final Set<String> allowed;
  private final byte[] master = new byte[32];
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.atomic.AtomicLong refusals = new java.util.concurrent.atomic.AtomicLong();

  /** {@code secret}: where the master secret is drawn from (32 bytes, once). */
  Attestation(Set<String> allowedHashes, RandomGenerator secret) {
    this.allowed = Set.copyOf(allowedHashes);
    secret.nextBytes(master);
  }

  /** A broker that trusts the built-in data-center functions. */
  static Attestation forFunctions(RandomGenerator random) {
    return new Attestation(Set.of(measure(TrainFunction.class), measure(AggregateFunction.class),
        measure(ReceiveFunction.class), measure(Engine.class)), random);
  }

  private static final ClassValue<String> MEASURED = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return hash(type);
    }
  };

  /** The measurement of a class: SHA-256 of its class file, hex (computed once per class). */
  static String measure(Class<?> code) {
    return MEASURED.get(code);
  }

  private static String hash(Class<?> code) {
    String file = code.getName().substring(code.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = code.getResourceAsStream(file)) {
      if (in == null) {
        throw new JointflowException("class '" + code.getName() + "' has no class file to measure");
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    } catch (IOException | GeneralSecurityException e) {
      throw new JointflowException("class '" + code.getName() + "' cannot be measured: " + e, e);
    }
  }

  /**
   * The key of {@code domain} (a data center's cloud name, or the rotation domain), released to
   * {@code code} if its measurement is allowed.
   *
   * @throws AttestationException if it is not
   */
  SecretKey keyFor(String domain, Class<?> code) {
    String m = measure(code);
    if (!allowed.contains(m)) {
      refusals.incrementAndGet();
      throw new AttestationException("function '" + code.getSimpleName() + "' with measurement " + m.substring(0, 12)
          + "... is not on the allow-list of domain '" + domain + "'; no key is released to it");
    }
    return keys.computeIfAbsent(domain, d -> {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(master);
        sha.update(d.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new SecretKeySpec(sha.digest(), "AES");
      } catch (GeneralSecurityException e) {
        throw new JointflowException("deriving the key of domain '" + d + "' failed: " + e, e);
      }
    });
  }

  /** How many key requests were refused. */
  long refusals() {
    return refusals.get();
  }

  /** A fresh key outside the broker, as code that got none would make for itself. */
  SecretKey ownKey() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    return new SecretKeySpec(k, "AES");
  }

  /** Seals {@code plain} with {@code key}, binding {@code header}. */
  Parcel seal(SecretKey key, Map<String, String> header, byte[] plain) {
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      Parcel p = new Parcel(header, iv, null);
      c.updateAAD(p.headerBytes());
      return new Parcel(header, iv, c.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new JointflowException("sealing failed: " + e, e);
    }
  }

  /**
   * Opens a parcel with {@code key}.
   *
   * @throws AttestationException if it was altered, sealed with another key or its header changed
   */
  byte[] open(SecretKey key, Parcel p) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, p.iv()));
      c.updateAAD(p.headerBytes());
      return c.doFinal(p.ciphertext());
    } catch (javax.crypto.AEADBadTagException e) {
      throw new AttestationException("parcel " + p.header() + " fails authentication: altered, or not sealed by an"
          + " attested function of this domain");
    } catch (GeneralSecurityException e) {
      throw new JointflowException("opening a parcel failed: " + e, e);
    }
  }

  /** A refused key or a parcel that does not authenticate. */
  public static final class AttestationException extends JointflowException {
    private static final long serialVersionUID = 1L;

    AttestationException(String message) {
      super(message);
    }
  }
}
