package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sealed model or data set on the wire: a plain header (job id, owner, data center, version...)
 * bound as associated data, the GCM nonce and the ciphertext.
 */
record Parcel(Map<String, String> header, byte[] iv, byte[] ciphertext) {
  Parcel {
    header = java.util.Collections.unmodifiableMap(new TreeMap<>(header));
  }

  String get(String key) {
    String v = header.get(key);
    if (v == null) {
      throw new JointflowException("parcel " + header + " has no header '" + key + "'");
    }
    return v;
  }

  long getLong(String key) {
    return Long.parseLong(get(key));
  }

  int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  /** The canonical header bytes authenticated with the ciphertext. */
  byte[] headerBytes() {
    StringBuilder sb = new StringBuilder();
    header.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ciphertext.length + 256);
    try (DataOutputStream o = new DataOutputStream(bytes)) {
      o.writeInt(header.size());
      for (var e : header.entrySet()) {
        o.writeUTF(e.getKey());
        o.writeUTF(e.getValue());
      }
      o.writeInt(iv.length);
      o.write(iv);
      o.writeInt(ciphertext.length);
      o.write(ciphertext);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static Parcel decode(byte[] b) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      int n = in.readInt();
      Map<String, String> h = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        h.put(in.readUTF(), in.readUTF());
      }
      byte[] iv = new byte[in.readInt()];
      in.readFully(iv);
      byte[] ct = new byte[in.readInt()];
      in.readFully(ct);
      return new Parcel(h, iv, ct);
    } catch (IOException | RuntimeException e) {
      throw new Attestation.AttestationException("parcel of " + b.length + " bytes is malformed: " + e);
    }
  }

  /** Little-endian float bytes. */
  static byte[] bytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  static float[] floats(byte[] b) {
    float[] v = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
