package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte forms of what the driver and the functions in worker processes exchange in cluster mode:
 * a job, an agent operation's context and its request, a step's result (its outcome, the effects
 * of the agent operation it ran and, for a read, the models served), and envelopes of several
 * parts. Written field by field (no Java serialization): decoding builds nothing but these values,
 * and refuses lengths beyond what the job's setup allows, naming the field.
 */
final class Wire {
  private static final int RESULT_MAGIC = 0x464c5231; // "FLR1"
  private static final int MAX_HEADER = 64;
  private static final int MAX_EFFECTS = 1 << 16;

  private Wire() {}

  /**
   * Where an agent operation runs: the job (the SHA-256 of its fl.yaml, which the workers must
   * serve too), the run and method whose agents it reads, the emulated time, and the step's id: the
   * id of the agent operation inside it, the same for every run the driver starts for the step, so
   * an operation stored already is answered from its record, not applied again. {@code inFlight} is,
   * for a job's step, the smallest id of the jobs in flight besides it (what the job's end is
   * processed with), so that the aggregator can process the end with the merge; -1 for other steps.
   */
  record Ctx(String job, String run, String method, double now, String step, long inFlight) {
    Ctx(String job, String run, String method, double now, String step) {
      this(job, run, method, now, step, -1);
    }
  }

  /**
   * What a step's functions returned to the driver: an outcome word, the effects to apply, the models
   * read, and whether a job's end was processed with its merge (then the driver does not send it).
   */
  record Result(String outcome, List<Effect> effects, List<float[]> models, boolean ended) {
    Result {
      effects = List.copyOf(effects);
      models = List.copyOf(models);
    }

    Result(String outcome, List<Effect> effects, List<float[]> models) {
      this(outcome, effects, models, false);
    }

    static Result of(String outcome, List<Effect> effects) {
      return new Result(outcome, effects, List.of());
    }
  }

  /** An agent operation the driver asks of data center {@code dc}'s agent. */
  record Op(Ctx ctx, String kind, int dc, byte[] record, Job job, boolean ok, long inFlight, Timer timer) {
    static final String CREATE = "create";
    static final String START = "start";
    static final String ENDED = "ended";
    static final String TIMER = "timer";
    static final String SERVING = "serving";
    static final String DROP = "drop";
  }

  // ---- envelopes

  static byte[] envelope(byte[]... parts) {
    return write(o -> {
      o.writeInt(parts.length);
      for (byte[] p : parts) {
        o.writeInt(p.length);
        o.write(p);
      }
    });
  }

  static byte[][] parts(byte[] envelope, int expected) {
    return read(envelope, "envelope", in -> {
      int n = in.readInt();
      if (n != expected) {
        throw new IllegalArgumentException("it has " + n + " parts, not " + expected);
      }
      byte[][] r = new byte[n][];
      for (int i = 0; i < n; i++) {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
          throw new IllegalArgumentException("part " + i + " claims " + len + " bytes, " + in.available() + " are left");
        }
        r[i] = in.readNBytes(len);
      }
      return r;
    });
  }

  // ---- values

  static byte[] ctx(Ctx c) {
    return write(o -> writeCtx(o, c));
  }

  static Ctx ctx(byte[] b) {
    return read(b, "context", Wire::readCtx);
  }

  static byte[] job(Job j) {
    return write(o -> writeJob(o, j));
  }

  static Job job(byte[] b, FlSetup setup) {
    return read(b, "job", in -> readJob(in, setup));
  }

  static byte[] result(Result r) {
    return write(o -> {
      o.writeInt(RESULT_MAGIC);
      o.writeUTF(r.outcome());
      o.writeBoolean(r.ended());
      writeEffects(o, r.effects());
      o.writeInt(r.models().size());
      for (float[] m : r.models()) {
        writeFloats(o, m);
      }
    });
  }

  /** Whether {@code b} is a {@link #result} rather than a plain word such as {@code rejected}. */
  static boolean isResult(byte[] b) {
    return b != null && b.length >= 4 && ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff))
        == RESULT_MAGIC;
  }

  static Result result(byte[] b, FlSetup setup) {
    return read(b, "step result", in -> {
      if (in.readInt() != RESULT_MAGIC) {
        throw new IllegalArgumentException("it does not start with the result mark");
      }
      String outcome = in.readUTF();
      boolean ended = in.readBoolean();
      List<Effect> effects = readEffects(in, setup);
      int n = count(in.readInt(), setup.dataCenters().size() * 16L, "models");
      List<float[]> models = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        models.add(readFloats(in, setup));
      }
      return new Result(outcome, effects, models, ended);
    });
  }

  static byte[] effects(List<Effect> effects) {
    return write(o -> writeEffects(o, effects));
  }

  static List<Effect> effects(byte[] b, FlSetup setup) {
    return read(b, "effects", in -> readEffects(in, setup));
  }

  static byte[] op(Op op) {
    return write(o -> {
      writeCtx(o, op.ctx());
      o.writeUTF(op.kind());
      o.writeInt(op.dc());
      o.writeBoolean(op.record() != null);
      if (op.record() != null) {
        o.writeInt(op.record().length);
        o.write(op.record());
      }
      o.writeBoolean(op.job() != null);
      if (op.job() != null) {
        writeJob(o, op.job());
      }
      o.writeBoolean(op.ok());
      o.writeLong(op.inFlight());
      writeTimer(o, op.timer());
    });
  }

  static Op op(byte[] b, FlSetup setup) {
    return read(b, "agent operation", in -> {
      Ctx c = readCtx(in);
      String kind = in.readUTF();
      int dc = index(in.readInt(), setup.dataCenters().size(), "data center");
      byte[] record = null;
      if (in.readBoolean()) {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
          throw new IllegalArgumentException("its record claims " + len + " bytes, " + in.available() + " are left");
        }
        record = in.readNBytes(len);
      }
      Job job = in.readBoolean() ? readJob(in, setup) : null;
      boolean ok = in.readBoolean();
      long inFlight = in.readLong();
      Timer timer = readTimer(in, setup);
      return new Op(c, kind, dc, record, job, ok, inFlight, timer);
    });
  }

  // ---- fields

  private static void writeCtx(DataOutputStream o, Ctx c) throws IOException {
    o.writeUTF(c.job());
    o.writeUTF(c.run());
    o.writeUTF(c.method());
    o.writeDouble(c.now());
    o.writeUTF(c.step());
    o.writeLong(c.inFlight());
  }

  private static Ctx readCtx(DataInputStream in) throws IOException {
    return new Ctx(in.readUTF(), in.readUTF(), in.readUTF(), in.readDouble(), in.readUTF(), in.readLong());
  }

  private static void writeJob(DataOutputStream o, Job j) throws IOException {
    o.writeLong(j.id());
    o.writeInt(j.dc());
    writeContainer(o, j.container());
    o.writeInt(j.slot());
    o.writeLong(j.base());
    o.writeDouble(j.start());
    o.writeDouble(j.end());
    writeFloats(o, j.model());
    o.writeInt(j.aggregator());
  }

  private static Job readJob(DataInputStream in, FlSetup setup) throws IOException {
    int dcs = setup.dataCenters().size();
    return new Job(in.readLong(), index(in.readInt(), dcs, "data center"), readContainer(in, setup), in.readInt(),
        in.readLong(), in.readDouble(), in.readDouble(), readFloats(in, setup), index(in.readInt(), dcs, "aggregator"));
  }

  private static void writeContainer(DataOutputStream o, Container c) throws IOException {
    o.writeInt(c.owner());
    o.writeUTF(c.type().name());
    o.writeDouble(c.type().speed());
    o.writeDouble(c.type().price());
  }

  private static Container readContainer(DataInputStream in, FlSetup setup) throws IOException {
    int owner = index(in.readInt(), setup.partition().length, "owner");
    return new Container(owner, new ContainerType(in.readUTF(), in.readDouble(), in.readDouble()));
  }

  private static void writeFloats(DataOutputStream o, float[] v) throws IOException {
    o.writeInt(v.length);
    for (float f : v) {
      o.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream in, FlSetup setup) throws IOException {
    int n = count(in.readInt(), setup.model().parameterCount(), "model parameters");
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }

  private static void writeTimer(DataOutputStream o, Timer t) throws IOException {
    o.writeBoolean(t != null);
    if (t != null) {
      o.writeInt(t.agent());
      o.writeUTF(t.kind().name());
      o.writeInt(t.arg());
    }
  }

  private static Timer readTimer(DataInputStream in, FlSetup setup) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    int agent = index(in.readInt(), setup.dataCenters().size(), "timer's agent");
    String kind = in.readUTF();
    Timer.Kind k;
    try {
      k = Timer.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("timer kind '" + kind + "' is unknown");
    }
    return new Timer(agent, k, in.readInt());
  }

  private static void writeEffects(DataOutputStream o, List<Effect> effects) throws IOException {
    o.writeInt(effects.size());
    for (Effect e : effects) {
      switch (e) {
        case Effect.Dispatch d -> {
          o.writeByte('D');
          o.writeInt(d.dc());
          writeContainer(o, d.c());
          o.writeInt(d.slot());
          o.writeLong(d.base());
          writeFloats(o, d.model());
          o.writeInt(d.aggregator());
        }
        case Effect.Send s -> {
          o.writeByte('S');
          o.writeInt(s.src());
          o.writeInt(s.dst());
          o.writeInt(s.header().size());
          for (Map.Entry<String, String> h : new java.util.TreeMap<>(s.header()).entrySet()) {
            o.writeUTF(h.getKey());
            o.writeUTF(h.getValue());
          }
          writeFloats(o, s.model());
          writeTimer(o, s.undelivered());
        }
        case Effect.At a -> {
          o.writeByte('A');
          o.writeDouble(a.time());
          writeTimer(o, a.timer());
        }
        case Effect.Signal g -> {
          o.writeByte('G');
          writeTimer(o, g.timer());
        }
      }
    }
  }

  private static List<Effect> readEffects(DataInputStream in, FlSetup setup) throws IOException {
    int n = count(in.readInt(), MAX_EFFECTS, "effects");
    int dcs = setup.dataCenters().size();
    List<Effect> r = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int tag = in.readByte();
      r.add(switch (tag) {
        case 'D' -> new Effect.Dispatch(index(in.readInt(), dcs, "data center"), readContainer(in, setup), in.readInt(),
            in.readLong(), readFloats(in, setup), index(in.readInt(), dcs, "aggregator"));
        case 'S' -> {
          int src = index(in.readInt(), dcs, "source");
          int dst = index(in.readInt(), dcs, "destination");
          int h = count(in.readInt(), MAX_HEADER, "header fields");
          Map<String, String> header = new HashMap<>();
          for (int k = 0; k < h; k++) {
            header.put(in.readUTF(), in.readUTF());
          }
          yield new Effect.Send(src, dst, header, readFloats(in, setup), readTimer(in, setup));
        }
        case 'A' -> new Effect.At(in.readDouble(), required(readTimer(in, setup)));
        case 'G' -> new Effect.Signal(required(readTimer(in, setup)));
        default -> throw new IllegalArgumentException("effect " + i + " has the unknown tag " + tag);
      });
    }
    return r;
  }

  private static Timer required(Timer t) {
    if (t == null) {
      throw new IllegalArgumentException("a timer effect has no timer");
    }
    return t;
  }

  private static int index(int i, int bound, String what) {
    if (i < 0 || i >= bound) {
      throw new IllegalArgumentException("its " + what + " " + i + " is not in [0, " + bound + ")");
    }
    return i;
  }

  private static int count(int n, long max, String what) {
    if (n < 0 || n > max) {
      throw new IllegalArgumentException("it claims " + n + " " + what + ", at most " + max + " are possible");
    }
    return n;
  }

  private interface Writer {
    void write(DataOutputStream o) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream o = new DataOutputStream(bytes)) {
      w.write(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] b, String what, Reader<T> r) {
    if (b == null) {
      throw new JointflowException("fl " + what + " refused: there are no bytes");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      T value = r.read(in);
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " bytes follow its end");
      }
      return value;
    } catch (IOException e) {
      throw new JointflowException("fl " + what + " refused: it is cut short (" + b.length + " bytes)", e);
    } catch (IllegalArgumentException e) {
      throw new JointflowException("fl " + what + " refused: " + e.getMessage(), e);
    }
  }
}
