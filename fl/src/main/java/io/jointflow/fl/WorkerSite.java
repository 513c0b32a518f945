package io.jointflow.fl;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.core.Jointflow;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.function.Call;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The site of the fl functions in a worker process: the job built from its fl.yaml (the same setup,
 * hence the same data, partitions and keys as the driver's), and the state store of each cloud the
 * worker serves, opened from the job's clouds file. Every agent operation runs as one function
 * invocation: load the agent's record from the store of the cloud the invocation runs on, operate,
 * compare-and-set, and return the effects as the function's result ({@link Wire#result}). The
 * operation's id is the driver's step id ({@link Wire.Ctx#step}), the same for a retried invocation
 * and for a step the driver runs again, so an operation stored already returns the stored effects
 * instead of being applied twice ({@link AgentRecord#lastOp}). When the cloud's store is unreachable
 * the operation answers {@value #UNAVAILABLE} and the store's message, for the driver to run the
 * step again once the store is back ({@link ClusterSteps}).
 *
 * <p>One per fl.yaml per process, built on first use; the job's file must be readable at the same
 * path by every worker (they run on one machine, or share it).
 */
final class WorkerSite implements Site {
  private static final Map<Path, WorkerSite> SITES = new ConcurrentHashMap<>();
  /** The outcome of an agent operation that could not reach its store: the step is to be run again. */
  static final String UNAVAILABLE = "unavailable";

  private final Path file;
  private final String job;
  private final FlSetup setup;
  private final Faults faults;
  private final Attestation attestation;
  private final Map<Integer, Parcel> sealed = new ConcurrentHashMap<>();
  private final Map<Integer, Dataset> opened = new ConcurrentHashMap<>();
  private final Map<String, StateStore> stores = new ConcurrentHashMap<>();

  private WorkerSite(Path file, String job, FlSetup setup) {
    this.file = file;
    this.job = job;
    this.setup = setup;
    this.faults = new Faults(setup.faults());
    this.attestation = Engine.attestation(setup);
  }

  static WorkerSite of(Path file) {
    return SITES.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
      String job = FlCluster.fingerprint(f);
      FlSetup s = FlConfig.load(f).setup();
      if (s.clouds() == null) {
        throw new JointflowException("fl file '" + f + "' names no clouds file; its functions run on a cluster's workers,"
            + " whose clouds (and their state stores) it must name with 'clouds:'");
      }
      return new WorkerSite(f, job, s);
    });
  }

  @Override
  public FlSetup setup() {
    return setup;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  @Override
  public Attestation attestation() {
    return attestation;
  }

  @Override
  public Dataset ownerData(int owner, SecretKey key) {
    // the owner's data rests sealed in its data center; training opens it with the key it was released
    Parcel p = sealed.computeIfAbsent(owner, i -> Engine.sealOwnerData(setup, attestation, i));
    return opened.computeIfAbsent(owner, i -> Engine.openOwnerData(setup, attestation, p, i, key));
  }

  @Override
  public byte[] update(Call call, byte[] wire) {
    return Wire.envelope(call.input("ctx").bytes(), call.input("job").bytes(), wire);
  }

  @Override
  public byte[] sent(Call call) {
    return Wire.envelope(call.input("ctx").bytes(), call.input("in").bytes());
  }

  @Override
  public Arrival updateArrived(byte[] input) {
    byte[][] p = Wire.parts(input, 3);
    return new Arrival(Parcel.decode(p[2]), Wire.ctx(p[0]), Wire.job(p[1], setup));
  }

  @Override
  public Arrival modelArrived(byte[] input) {
    byte[][] p = Wire.parts(input, 2);
    return new Arrival(Parcel.decode(p[1]), Wire.ctx(p[0]), null);
  }

  @Override
  public Object merge(Call call, Arrival a, float[] update) {
    if (a.job().id() != a.parcel().getLong("id") || a.job().aggregator() != a.parcel().getInt("aggregator")) {
      // the job travels beside the sealed update: it must be the one the update answers
      return "rejected";
    }
    return patiently(() -> {
      AgentStore agents = agents(call, a.ctx());
      if (a.ctx().inFlight() < 0) {
        Optional<List<Effect>> e = agents.merge(a.job(), update, a.ctx().step());
        return e.isPresent() ? Wire.Result.of("applied", e.get()) : Wire.Result.of("duplicate", List.of());
      }
      Optional<AgentStore.Merged> m = agents.mergeEnding(a.job(), update, a.ctx().inFlight(), a.ctx().step());
      return m.isPresent() ? new Wire.Result("applied", m.get().effects(), List.of(), m.get().ended())
          : Wire.Result.of("duplicate", List.of());
    });
  }

  @Override
  public Object received(Call call, Arrival a, float[] model) {
    int dst = a.parcel().getInt("dst");
    if (!cloud(dst).equals(call.cloud())) {
      // its agent, if it has one, is in another cloud's store: the app's placement is wrong
      throw new JointflowException("fl model for data center " + dst + " (cloud '" + cloud(dst) + "') arrived on cloud '"
          + call.cloud() + "'; write the apps with 'jointflow fl apps' and start the cluster on them");
    }
    return patiently(() -> {
      AgentStore agents = agents(call, a.ctx());
      // a hub baseline's download has no agent at its destination: the job itself carries the model
      List<Effect> effects = agents.has(dst)
          ? agents.received(dst, a.parcel().getInt("src"), a.parcel().header(), model, a.ctx().step())
          : List.of();
      return Wire.Result.of("ok", effects);
    });
  }

  /** Runs an agent operation the driver asked for ({@link AgentFunction}). */
  byte[] operate(Call call, Wire.Op op) {
    return patiently(() -> {
      AgentStore agents = agents(call, op.ctx());
      if (op.kind().equals(Wire.Op.SERVING)) {
        return new Wire.Result("ok", List.of(), agents.serving(op.dc()));
      }
      return Wire.Result.of("ok", operate(agents, op));
    });
  }

  /**
   * The result of {@code op}, or {@value #UNAVAILABLE} and the store's message if a store it needs
   * is unreachable now (a retryable {@link StoreException}); every other failure is thrown.
   */
  static byte[] patiently(java.util.function.Supplier<Wire.Result> op) {
    try {
      return Wire.result(op.get());
    } catch (StoreException e) {
      if (!e.retryable()) {
        throw e;
      }
      return Wire.result(Wire.Result.of(UNAVAILABLE + ": " + e.getMessage(), List.of()));
    }
  }

  private static List<Effect> operate(AgentStore agents, Wire.Op op) {
    String id = op.ctx().step();
    return switch (op.kind()) {
      case Wire.Op.CREATE -> {
        create(agents, op);
        yield List.of();
      }
      case Wire.Op.START -> agents.start(op.dc(), id);
      case Wire.Op.DROP -> {
        agents.drop(op.dc());
        yield List.of();
      }
      case Wire.Op.ENDED -> agents.ended(required(op.job(), op), op.ok(), op.inFlight(), id);
      case Wire.Op.TIMER -> agents.onTimer(required(op.timer(), op), id);
      default -> throw new JointflowException("fl agent operation '" + op.kind() + "' is unknown");
    };
  }

  private static void create(AgentStore agents, Wire.Op op) {
    if (op.record() == null) {
      throw new JointflowException("fl agent operation 'create' carries no record");
    }
    if (agents.has(op.dc())) {
      // a retried create: the record stored must be the one sent
      if (!java.util.Arrays.equals(agents.rawRecord(op.dc()), op.record())) {
        throw new JointflowException("fl agent " + op.dc() + " exists already with another record (run '"
            + op.ctx().run() + "')");
      }
      return;
    }
    agents.create(op.dc(), op.record());
  }

  private static <T> T required(T value, Wire.Op op) {
    if (value == null) {
      throw new JointflowException("fl agent operation '" + op.kind() + "' lacks what it operates on");
    }
    return value;
  }

  /** The agents of {@code ctx}'s run as this invocation's cloud keeps them, at {@code ctx}'s time. */
  private AgentStore agents(Call call, Wire.Ctx ctx) {
    if (!job.equals(ctx.job())) {
      throw new JointflowException("this worker serves fl job '" + file + "' as it was when the worker first ran it"
          + " (SHA-256 " + job.substring(0, 12) + "...), but the driver runs another (" + ctx.job().substring(0,
          Math.min(12, ctx.job().length())) + "...): train the file the apps were written from, or, if it changed,"
          + " restart the cluster ('jointflow cluster down', then 'up' on the apps of 'jointflow fl apps')");
    }
    AgentContext context = new WorkerContext(setup, faults, ctx.now());
    String here = call.cloud();
    return new AgentStore(context, ctx.method(), ctx.run(), d -> here.equals(cloud(d)) ? store(here) : null);
  }

  private StateStore store(String cloud) {
    return stores.computeIfAbsent(cloud, c -> {
      CloudSpec spec = setup.clouds().clouds().get(c);
      if (spec == null) {
        throw new JointflowException("cloud '" + c + "' is not in the fl job's clouds file; run the cluster with the"
            + " clouds file the fl.yaml names");
      }
      return Jointflow.openState(spec.state(), SystemEnvironment.create(), WorkerSite.class.getClassLoader());
    });
  }

  /** An agent's view of the job in a worker, at the time of the operation. */
  private record WorkerContext(FlSetup setup, Faults faults, double now) implements RunContext {}
}
