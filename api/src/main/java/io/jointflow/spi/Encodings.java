package io.jointflow.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Byte encodings of the compare-and-set defaults of {@link StateStore}. */
final class Encodings {
  private Encodings() {}

  static byte[] encodeLong(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long decodeLong(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  /** A set stored as one value: its members in position order and the next position to assign. */
  record EncodedSet(List<SetMember> members, long next) {
    static final EncodedSet EMPTY = new EncodedSet(List.of(), 0);
  }

  static byte[] encodeSet(EncodedSet set) {
    try (var bytes = new ByteArrayOutputStream(); var out = new DataOutputStream(bytes)) {
      out.writeLong(set.next());
      out.writeInt(set.members().size());
      for (SetMember m : set.members()) {
        out.writeLong(m.position());
        out.writeUTF(m.member());
        byte[] v = m.value() == null ? new byte[0] : m.value();
        out.writeInt(v.length);
        out.write(v);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EncodedSet decodeSet(byte[] b) {
    try (var in = new DataInputStream(new ByteArrayInputStream(b))) {
      long next = in.readLong();
      int n = in.readInt();
      List<SetMember> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long position = in.readLong();
        String member = in.readUTF();
        byte[] v = new byte[in.readInt()];
        in.readFully(v);
        out.add(new SetMember(position, member, v));
      }
      return new EncodedSet(out, next);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encodeList(List<String> items) {
    try (var bytes = new ByteArrayOutputStream(); var out = new DataOutputStream(bytes)) {
      out.writeInt(items.size());
      for (String s : items) {
        out.writeUTF(s);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> decodeList(byte[] b) {
    try (var in = new DataInputStream(new ByteArrayInputStream(b))) {
      int n = in.readInt();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(in.readUTF());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
