package io.jointflow.fl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;

/**
 * What a data center's state store holds for its agent between two operations: the agent's state,
 * and the ids of the jobs it merged whose end has not been processed yet (the merged-job ledger that
 * makes a merge delivered twice count once). Encoded with Java serialization; decoding admits only
 * the classes of agent state ({@link #ALLOWED}), so a stored record cannot make the decoder build
 * anything else.
 *
 * @param merged ids of merged jobs not yet ended, in merge order; a job's id is dropped when its end
 *     is processed, and from then on {@code floor} or {@code ended} refuse a merge of it
 * @param floor every job with a smaller id is over (its end was processed, or it was never this
 *     agent's): the smallest id still in flight when the last end was processed
 * @param ended ids of at least {@code floor} whose end was processed, ascending: a merge of one of
 *     them comes from a straggling duplicate execution and is refused
 * @param lastOp the id of the last operation stored with an id (in a worker: the function
 *     instance that ran it), or null; an operation that comes again with that id is not applied
 *     again but answered with {@code lastEffects}
 * @param lastEffects that operation's effects ({@link Wire#effects}), or null
 */
record AgentRecord(Agent agent, long[] merged, long floor, long[] ended, String lastOp, byte[] lastEffects)
    implements java.io.Serializable {
  /**
   * The classes a record may name: the agents and what their state is made of. The JDK's are those
   * the agents' fields use: {@code ArrayList} (and its {@code Object[]} backing array), the boxed
   * {@code Double} of FedAvg's weights, and each agent's {@code Random} (its serial form is its
   * seed and cached Gaussian, primitives only, so decoding resumes the stream where it was). Arrays
   * of these and of primitives are admitted.
   */
  static final Set<Class<?>> ALLOWED = Set.of(AgentRecord.class, NebulaFl.Dc.class, NebulaFl.Rotation.class,
      HubMethods.Hub.class, HubMethods.FedAsync.class, HubMethods.FedBuff.class, HubMethods.FedAvg.class,
      HierFedAvg.Edge.class, HierFedAvg.Hub.class, OwnerPool.class, RewardPolicy.class, RandomPolicy.class,
      Container.class, ContainerType.class, java.util.ArrayList.class, Double.class, Number.class,
      java.util.Random.class);

  /** Deeper than any agent's object graph (record, agent, policy, container, type, name: 6). */
  private static final long MAX_DEPTH = 12;

  AgentRecord {
    merged = merged.clone();
    ended = ended.clone();
  }

  /** A new agent's record: nothing merged yet. */
  static AgentRecord of(Agent agent) {
    return new AgentRecord(agent, new long[0], 0, new long[0], null, null);
  }

  /** This record remembering that operation {@code op} was stored with {@code effects}. */
  AgentRecord withLast(String op, byte[] effects) {
    return new AgentRecord(agent, merged, floor, ended, op, effects);
  }

  @Override
  public long[] merged() {
    return merged.clone();
  }

  boolean hasMerged(long job) {
    for (long id : merged) {
      if (id == job) {
        return true;
      }
    }
    return false;
  }

  /** This record with {@code job} in the ledger. */
  AgentRecord withMerged(long job) {
    long[] m = Arrays.copyOf(merged, merged.length + 1);
    m[merged.length] = job;
    return new AgentRecord(agent, m, floor, ended, lastOp, lastEffects);
  }

  @Override
  public long[] ended() {
    return ended.clone();
  }

  /** Whether {@code job}'s end was processed: a merge of it now is a straggler's, refused. */
  boolean isOver(long job) {
    return job < floor || Arrays.binarySearch(ended, job) >= 0;
  }

  /**
   * This record after {@code job}'s end: out of the merged ledger, recorded as over, and with
   * {@code inFlight} (the smallest id still in flight) as the new floor if it is higher, below
   * which nothing needs recording.
   */
  AgentRecord withEnded(long job, long inFlight) {
    long f = Math.max(floor, inFlight);
    long[] e = java.util.stream.LongStream.concat(Arrays.stream(ended), java.util.stream.LongStream.of(job))
        .filter(id -> id >= f).distinct().sorted().toArray();
    return new AgentRecord(agent, Arrays.stream(merged).filter(id -> id != job).toArray(), f, e, lastOp, lastEffects);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("fl agent " + agent.getClass().getName() + " could not be encoded", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a record and re-attaches {@code ctx} to its agent. The limits are sized for the run's
   * setup: no array longer than the model's parameters or the longest list an agent keeps.
   *
   * @throws IllegalArgumentException if the bytes name a class outside {@link #ALLOWED}, exceed a
   *     limit, or are not a record
   */
  static AgentRecord decode(byte[] bytes, AgentContext ctx) {
    Allow filter = new Allow(maxArray(ctx.setup()), maxRefs(ctx.setup()));
    Object o;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(filter);
      o = in.readObject();
    } catch (InvalidClassException e) {
      throw new IllegalArgumentException("fl agent record refused: " + (filter.refused != null ? filter.refused
          : e.getMessage()), e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new IllegalArgumentException("fl agent record refused: " + (filter.refused != null ? filter.refused
          : "not a record (" + e + ")"), e);
    }
    if (!(o instanceof AgentRecord r) || r.agent == null) {
      throw new IllegalArgumentException("fl agent record refused: it holds " + (o == null ? "null"
          : o.getClass().getName()) + ", not an agent's record");
    }
    r.agent.attach(ctx);
    return r;
  }

  /** The longest array an agent's state has: the model's parameters, or a list of owners, slots, rotations. */
  private static long maxArray(FlSetup setup) {
    FlOptions o = setup.options();
    long slots = (long) setup.planets() * setup.dataCenters().size();
    long rotations = (long) Math.ceil(o.budget() / o.rotationPeriod()) + 1;
    // an ArrayList's backing array grows by half again: twice the lists' lengths covers it
    long lists = 2 * (setup.partition().length + slots + rotations + 16);
    return Math.max(setup.model().parameterCount(), lists);
  }

  /** Objects in a record: a few per owner and container type (the reward log), slot and rotation. */
  private static long maxRefs(FlSetup setup) {
    long types = setup.types().stream().mapToLong(java.util.List::size).max().orElse(1);
    return 16 * (setup.partition().length * types + maxArray(setup) + 64);
  }

  /** Admits {@link #ALLOWED} and primitive arrays within the limits; remembers why it refused. */
  private static final class Allow implements ObjectInputFilter {
    private final long maxArray;
    private final long maxRefs;
    private String refused;

    Allow(long maxArray, long maxRefs) {
      this.maxArray = maxArray;
      this.maxRefs = maxRefs;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.depth() > MAX_DEPTH) {
        return refuse("it is nested deeper than " + MAX_DEPTH);
      }
      if (info.references() > maxRefs) {
        return refuse("it has more than " + maxRefs + " objects");
      }
      // a byte array is the last operation's encoded effects: a few models' bytes
      long max = info.serialClass() == byte[].class ? 64 * (maxArray + 64) : maxArray;
      if (info.arrayLength() > max) {
        return refuse("it has an array of " + info.arrayLength() + " elements, more than " + max);
      }
      Class<?> c = info.serialClass();
      if (c == null) {
        return Status.ALLOWED; // a back-reference or a string: within the limits above
      }
      Class<?> e = c;
      while (e.isArray()) {
        e = e.getComponentType();
      }
      // Object only as an array's element type: ArrayList's backing array
      if (e.isPrimitive() || ALLOWED.contains(e) || (e == Object.class && c != Object.class)) {
        return Status.ALLOWED;
      }
      return refuse("it names class " + c.getName() + ", which is not part of an fl agent's state");
    }

    private Status refuse(String why) {
      if (refused == null) {
        refused = why;
      }
      return Status.REJECTED;
    }
  }
}
