package io.jointflow.fl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The emulated-time engine of one method's run: a queue of events ordered by emulated time (job
 * ends, rotations, evaluations), the owners' containers and their rent, and the Jointflow steps
 * that do the work. Training time comes from the owner's data size and its container's speed, so a
 * run is a function of the seed, whatever the machine. Single-threaded: each step's Jointflow run
 * is awaited before the next event.
 *
 * <p>The method's state is in its {@link Agent}s, which see the engine only as an {@link AgentContext};
 * the engine routes to them what the functions deliver and the {@link Timer}s they set, each kept in
 * its data center's state store between operations ({@link AgentStore}). An operation only records
 * its {@link Effect}s; the engine applies them after the operation is stored, in the order recorded
 * ({@link #apply}).
 */
final class Engine implements Site, AutoCloseable {
  /** A queued event: the engine's own work ({@code action}) or an agent's timer. */
  private record Event(double time, long seq, Runnable action, Timer timer) {}

  private final FlSetup setup;
  private final FlOptions o;
  private final Faults faults;
  private final Attestation attestation;
  private final Owner[] owners;
  private final Parcel[] sealedData;
  private final Map<Integer, Dataset> opened = new ConcurrentHashMap<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(Comparator.comparingDouble(Event::time).thenComparingLong(Event::seq));
  private final Map<Long, Job> inFlight = new HashMap<>();
  /** The cluster whose workers run the steps and keep the agents, or null: this process. */
  private final FlCluster cluster;
  /**
   * Effects of the operations that ran inside a step's functions (a merge, a received model), applied
   * once that step's run is over: a step's run does not start others.
   */
  private final List<Effect> afterStep = new ArrayList<>();
  private final AgentContext context = new Context();
  private final Map<String, Long> typeUse = new TreeMap<>();
  private final long[] ownerJobs;
  private final List<Point> curve = new ArrayList<>();
  private final String name;
  private final java.util.function.Consumer<Point> progress;
  private java.util.function.Consumer<Effect> watcher = e -> {};
  private Method method;
  private Agents agents;
  /** {@link #agents} in this process, where the functions' merges and received models reach them; else null. */
  private AgentStore local;
  private Steps hosting;
  private double now;
  private long seq;
  private long nextJob;
  private double rent;
  private long crossBytes;
  private long transfers;
  private long jobs;
  private long applied;
  private long rejected;
  private long lost;

  Engine(FlSetup setup, String method, java.util.function.Consumer<Point> progress) {
    this(setup, method, progress, null);
  }

  /** {@code cluster}: run the steps and keep the agents on that cluster's workers; null: in this process. */
  Engine(FlSetup setup, String method, java.util.function.Consumer<Point> progress, FlCluster cluster) {
    this.cluster = cluster;
    this.setup = setup;
    this.o = setup.options();
    this.name = method;
    this.progress = progress;
    this.faults = new Faults(setup.faults());
    Random units = new Random(o.seed());
    this.attestation = attestation(setup);
    this.owners = new Owner[setup.partition().length];
    this.sealedData = new Parcel[owners.length];
    this.ownerJobs = new long[owners.length];
    for (int i = 0; i < owners.length; i++) {
      double unit = setup.timeUnits() != null ? setup.timeUnits()[i]
          : Math.max(units.nextGaussian() * o.timeUnitSd() + o.timeUnitMean(), Math.min(0.01, o.timeUnitMean()));
      owners[i] = new Owner(i, setup.ownerDc()[i], setup.partition()[i], unit);
      sealedData[i] = sealOwnerData(setup, attestation, i);
    }
  }

  /** The attestation broker of a job: its keys derive from the seed, the same in every process of the job. */
  static Attestation attestation(FlSetup setup) {
    return Attestation.forFunctions(new Random(setup.options().seed() + 17));
  }

  /** Owner {@code i}'s partition sealed with its data center's key, as it rests in that data center. */
  static Parcel sealOwnerData(FlSetup setup, Attestation attestation, int i) {
    Dataset part = setup.train().subset(setup.partition()[i]);
    byte[] plain = new byte[part.x().length * 4 + part.y().length * 4];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(plain);
    b.asFloatBuffer().put(part.x());
    b.position(part.x().length * 4);
    b.asIntBuffer().put(part.y());
    SecretKey key = attestation.keyFor(setup.dataCenters().get(setup.ownerDc()[i]), Engine.class);
    return attestation.seal(key, Map.of("owner", String.valueOf(i), "kind", "data"), plain);
  }

  /** Opens owner {@code i}'s sealed partition with {@code key}. */
  static Dataset openOwnerData(FlSetup setup, Attestation attestation, Parcel sealed, int i, SecretKey key) {
    byte[] plain = attestation.open(key, sealed);
    int n = setup.partition()[i].length;
    int f = setup.train().features();
    float[] x = new float[n * f];
    int[] y = new int[n];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(plain);
    b.asFloatBuffer().get(x);
    b.position(n * f * 4);
    b.asIntBuffer().get(y);
    return new Dataset(x, y, f, setup.train().classes());
  }

  // ---- what the functions and methods use

  @Override
  public FlSetup setup() {
    return setup;
  }

  @Override
  public FlOptions options() {
    return o;
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
  public String cloud(int dc) {
    return setup.dataCenters().get(dc);
  }

  int dataCenters() {
    return setup.dataCenters().size();
  }

  /** How the method's agents see this engine. */
  AgentContext context() {
    return context;
  }

  /** The method being run (after {@link #run} started it). */
  Method method() {
    return method;
  }

  /** Where the method's agents are kept (after {@link #run} started it). */
  Agents agents() {
    return agents;
  }

  /** Lets a test see each effect just before the engine applies it. */
  void watch(java.util.function.Consumer<Effect> w) {
    watcher = w;
  }

  /** Jobs finished per owner so far. */
  long[] jobsPerOwner() {
    return ownerJobs.clone();
  }

  double now() {
    return now;
  }

  int samples(int owner) {
    return owners[owner].samples().length;
  }

  private SecretKey key(int dc) {
    return attestation.keyFor(cloud(dc), Engine.class);
  }

  @Override
  public Dataset ownerData(int owner, SecretKey key) {
    return opened.computeIfAbsent(owner, i -> openOwnerData(setup, attestation, sealedData[i], i, key));
  }

  /** The job time the scheduler expects before observing any (B5 prior): mean time unit, no jitter. */
  double priorTime(Container c, int dc, int aggregator) {
    return priorTime(setup, c, dc, aggregator);
  }

  static double priorTime(FlSetup setup, Container c, int dc, int aggregator) {
    return duration(setup, c, setup.options().timeUnitMean(), dc, aggregator);
  }

  private static double duration(FlSetup setup, Container c, double unit, int dc, int aggregator) {
    FlOptions o = setup.options();
    double samples = setup.partition()[c.owner()].length;
    double train = Math.max(1, unit * samples * o.train().epochs()) / c.type().speed() * o.teeSlowdown();
    return o.comm() + train + (dc != aggregator ? 2 * o.crossCloudTime() : 0);
  }

  private void at(double time, Runnable action) {
    events.add(new Event(time, seq++, action, null));
  }

  /** Sends {@code model} to {@code c} for training; its update goes to {@code aggregator}'s agent. */
  private void dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator) {
    double d = duration(setup, c, owners[c.owner()].timeUnit(), dc, aggregator);
    Job job = new Job(nextJob++, dc, c, slot, base, now, now + d, model, aggregator);
    inFlight.put(job.id(), job);
    at(job.end(), () -> finish(job));
  }

  private void finish(Job job) {
    rent += job.container().type().price() * job.duration();
    jobs++;
    typeUse.merge(job.container().type().name(), 1L, Long::sum);
    ownerJobs[job.owner()]++;
    Map<String, String> h = new HashMap<>();
    h.put("id", String.valueOf(job.id()));
    h.put("dc", String.valueOf(job.dc()));
    h.put("owner", String.valueOf(job.owner()));
    h.put("slot", String.valueOf(job.slot()));
    h.put("base", String.valueOf(job.base()));
    h.put("end", String.valueOf(job.end()));
    h.put("aggregator", String.valueOf(job.aggregator()));
    h.put("kind", "model");
    byte[] parcel = attestation.seal(key(job.dc()), h, Parcel.bytes(job.model())).encode();
    if (job.aggregator() != job.dc()) {
      crossBytes += parcel.length; // the update travels to the hub (same size as the model)
      transfers++;
    }
    // no longer in flight once this step is over: a merge of it delivered from then on is refused
    // below, so its end may drop its id from the aggregator's ledger. The smallest id left in flight
    // is the same after the merge's effects are applied (a dispatch takes the next id), so a step on
    // a cluster can process the end with the merge.
    long oldest = inFlight.keySet().stream().mapToLong(Long::longValue).filter(id -> id != job.id()).min().orElse(nextJob);
    Wire.Result r = faults.dcDown(job.aggregator(), now) ? Wire.Result.of("lost", List.of())
        : hosting.job(job, parcel, oldest);
    inFlight.remove(job.id());
    if (cluster != null && "applied".equals(r.outcome())) {
      applied++; // in this process, merge counts it
    }
    apply(r.effects());
    boolean ok = switch (r.outcome()) {
      case "applied", "duplicate" -> true;
      case "rejected" -> {
        rejected++;
        yield false;
      }
      default -> {
        lost++;
        yield false;
      }
    };
    if (!r.ended()) {
      apply(agents.ended(job, ok, oldest));
    }
  }

  /** Called by the aggregator function: merges once per job (the aggregator's stored ledger keeps count). */
  synchronized String merge(long jobId, float[] update) {
    Job job = inFlight.get(jobId);
    java.util.Optional<List<Effect>> effects = job == null ? java.util.Optional.empty() : local.merge(job, update);
    if (effects.isEmpty()) {
      return "duplicate";
    }
    afterStep.addAll(effects.get());
    applied++;
    return "applied";
  }

  /** The effects of the operations that ran inside the step just run (in this process), taken. */
  synchronized List<Effect> takeAfterStep() {
    List<Effect> r = List.copyOf(afterStep);
    afterStep.clear();
    return r;
  }

  /**
   * Applies an operation's effects, already stored with it, in the order recorded. A send's transfer
   * and its receiver's operation (with that operation's effects) complete before the next effect, and
   * a signal is an operation of its own: so an effect sees everything recorded before it done.
   */
  private void apply(List<Effect> effects) {
    for (Effect e : effects) {
      watcher.accept(e);
      switch (e) {
        case Effect.Dispatch d -> dispatch(d.dc(), d.c(), d.slot(), d.base(), d.model(), d.aggregator());
        case Effect.Send s -> move(s);
        case Effect.At a -> events.add(new Event(a.time(), seq++, null, a.timer()));
        case Effect.Signal g -> fire(g.timer());
      }
    }
  }

  /**
   * Moves a model between clouds as a Jointflow step, then applies the receiver's effects. The sender
   * recorded it because both ends were up (see {@link AgentContext#send}), so it runs; if it does not
   * deliver, the sender's {@code undelivered} timer fires.
   */
  private void move(Effect.Send s) {
    Map<String, String> h = new HashMap<>(s.header());
    h.put("src", String.valueOf(s.src()));
    h.put("dst", String.valueOf(s.dst()));
    h.put("seq", String.valueOf(seq));
    byte[] parcel = attestation.seal(attestation.keyFor(Attestation.ROTATION, Engine.class), h,
        Parcel.bytes(s.model())).encode();
    if (s.src() != s.dst()) {
      crossBytes += parcel.length;
      transfers++;
    }
    Wire.Result r = hosting.move(s, parcel);
    apply(r.effects());
    if (!"ok".equals(r.outcome()) && s.undelivered() != null) {
      fire(s.undelivered());
    }
  }

  /** Called by the receive function: hands the model to the destination's agent (if it has one). */
  synchronized void received(Parcel p, float[] model) {
    // a hub baseline's download has no agent at its destination: the job itself carries the model
    int dst = p.getInt("dst");
    if (local.has(dst)) {
      afterStep.addAll(local.received(dst, p.getInt("src"), p.header(), model));
    }
  }

  // ---- the site of the functions in this process: the engine knows the jobs and runs the operations

  @Override
  public byte[] update(io.jointflow.function.Call call, byte[] wire) {
    return wire;
  }

  @Override
  public byte[] sent(io.jointflow.function.Call call) {
    return call.input().bytes();
  }

  @Override
  public Arrival updateArrived(byte[] input) {
    return new Arrival(Parcel.decode(input), null, null);
  }

  @Override
  public Arrival modelArrived(byte[] input) {
    return new Arrival(Parcel.decode(input), null, null);
  }

  @Override
  public Object merge(io.jointflow.function.Call call, Arrival a, float[] update) {
    return merge(a.parcel().getLong("id"), update);
  }

  @Override
  public Object received(io.jointflow.function.Call call, Arrival a, float[] model) {
    received(a.parcel(), model);
    return "ok";
  }

  private void fire(Timer t) {
    apply(agents.onTimer(t));
  }

  double evaluate() {
    List<float[]> models = method.serving();
    double sum = 0;
    for (float[] m : models) {
      sum += setup.model().accuracy(m, setup.test());
    }
    return sum / models.size();
  }

  /** Runs the method until the budget and returns what it did. */
  MethodResult run() {
    method = Method.create(name, context);
    String run = java.util.UUID.randomUUID().toString();
    try (Steps h = cluster == null ? new Hosting(this, name) : new ClusterSteps(cluster, setup, run, name, this::now)) {
      hosting = h;
      local = cluster == null ? new AgentStore(context, name, run) : null;
      agents = local != null ? local : new RemoteAgents((ClusterSteps) h);
      try {
        method.keepIn(agents);
        for (double t = 0; t <= o.budget() + 1e-9; t += o.evalEvery()) {
          double when = t;
          at(when, () -> {
            Point p = new Point(when, rent, crossBytes, evaluate());
            curve.add(p);
            progress.accept(p);
          });
        }
        for (int d = 0; d < dataCenters(); d++) { // in data-center order, each start's effects before the next
          if (agents.has(d)) {
            apply(agents.start(d));
          }
        }
        while (!events.isEmpty() && events.peek().time() <= o.budget() + 1e-9) {
          Event e = events.poll();
          now = e.time();
          if (e.timer() != null) {
            fire(e.timer());
          } else {
            e.action().run();
          }
        }
      } catch (RuntimeException failed) {
        if (agents instanceof RemoteAgents remote) {
          remote.abandon(failed); // one try each, without waiting on a failing cluster
        }
        throw failed;
      }
      if (cluster != null) {
        agents.close(); // the run is over: its records leave the clouds' stores (the drops' spans count too)
      }
      return new MethodResult(name, List.copyOf(curve), jobs, applied, rejected, lost, transfers, h.spanEgress(),
          h.spanCost(), Map.copyOf(typeUse));
    }
  }

  @Override
  public void close() {
    if (agents != null && cluster == null) {
      agents.close(); // the in-memory stores; a cluster's records were dropped at the end of the run
    }
  }

  /** The engine as the agents see it. */
  private final class Context implements RunContext {
    @Override
    public double now() {
      return now;
    }

    @Override
    public FlSetup setup() {
      return setup;
    }

    @Override
    public Faults faults() {
      return faults;
    }
  }
}
