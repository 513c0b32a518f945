package io.jointflow.fl;

/**
 * Settings of a federated run; every rule of the reconstruction spec that the paper leaves open is
 * one of these (reference Part B). Times are emulated time units.
 *
 * @param budget emulated time each method runs for
 * @param evalEvery time between evaluations
 * @param train local training of one job
 * @param comm time a job spends moving its model to and from its container (B3: 4)
 * @param crossCloudTime extra time of a model transfer between clouds, paid by hub methods' jobs
 * @param planetsPerDc NebulaFL planet models per data center, and each baseline's jobs in flight
 *     per data center (0: max(1, owners/10), B2)
 * @param rotationPeriod NebulaFL: time between two stellar-model sends of a data center (T_rot)
 * @param ring NebulaFL: {@code fixed} (to {@code d+1}) or {@code rotating} (to {@code d + 1 + (period mod
 *     (D-1))}, so every pair meets within D-1 periods; B4)
 * @param rotationPhase NebulaFL: {@code aligned} (every data center sends at k T_rot) or {@code staggered}
 *     (data center d at (k - 1 + (d+1)/D) T_rot: they take turns around the ring, so a sent model already
 *     holds its predecessor's news; same transfers)
 * @param merge NebulaFL: the receiver's own weight lambda in {@code S <- lambda S + (1-lambda) S_recv} (B4):
 *     {@code versions} ({@code V_e / (V_e + V_recv)}) or {@code recency} (the fixed {@code recencyLambda}, below
 *     one half: the received model, which carries the ring's latest merges, weighs more)
 * @param recencyLambda NebulaFL: lambda of the {@code recency} merge, in [0, 1]
 * @param serve NebulaFL: what a data center serves (and is evaluated on): {@code stellar} (its live stellar
 *     model) or {@code merged} (its stellar model as merged at the last rotation it received; the live one
 *     before the first): both are in the data center, no transfer
 * @param gamma NebulaFL: planet refresh weight after a rotation (B4 suggests 0.5; default 1 with the rebase
 *     refresh: every planet takes the merged stellar model and keeps its own training delta, docs/fl.md)
 * @param refresh NebulaFL: how a planet that is out training during a rotation gets its refresh: {@code mix}
 *     (its update is mixed with the merged stellar model when it returns, {@code u <- (1-gamma) u + gamma S})
 *     or {@code rebase} (its copy at the data center is refreshed at once and the training's delta is added
 *     to that copy when it returns, {@code u <- w_m' + (u - w_sent)}: the refresh does not dilute the training)
 * @param beta0 NebulaFL: base pull weight (B2)
 * @param pull NebulaFL: whether planets pull from the stellar model before a dispatch
 * @param kappa NebulaFL: steepness of the speed-versus-cost weight in version lag (B5)
 * @param stellar NebulaFL: how pushes update the stellar model (B2 option A or B)
 * @param asyncAlpha FedAsync mixing (and option B): alpha (0.9)
 * @param asyncExponent FedAsync polynomial staleness exponent (0.8)
 * @param buffer FedBuff: updates per server step (K)
 * @param hierPeriod hierarchical FedAvg: edge rounds per cloud round
 * @param hub index of the data center hosting hub-and-spoke servers
 * @param baselineType the container type baselines rent (their owners are drawn at random)
 * @param policy NebulaFL container selection: {@code reward} (B5) or {@code random}
 * @param epsilon chance of a uniform pick in the reward policy
 * @param reward how the reward policy combines performance r and curiosity b = 1/sqrt(n):
 *     {@code additive} (r + curiosity * b, the default) or {@code product} (r * b, AdaptiveFL-style)
 * @param curiosity weight of the curiosity bonus in the additive form
 * @param objective the reward policy's performance term r: {@code mix} ({@code w t_min/t_c + (1-w)
 *     cost_min/cost_c}, w from the planet's version lag; the default) or {@code budget} (the
 *     reference's objective {@code J = time + lambda_cost cost}: {@code r = J_min/J_c}, with the
 *     planet's lambda {@code lambdaCost * 2(1-w)}, so an average planet uses lambdaCost itself, a
 *     lagging one less, an advanced one up to twice it)
 * @param lambdaCost the budget objective's lambda_cost, in time units per unit of rent (with the
 *     clouds' profiles: seconds per USD), at least 0
 * @param dcBudget NebulaFL: hard rent budget of each data center (B5), 0 for none: a planet is dispatched only
 *     to a container whose predicted rent fits in what the data center has left (its ended jobs' rent and
 *     its running jobs' predicted rent deducted); when none fits the planet waits, and stops for good once
 *     nothing fits. Holds on predictions: a job longer than predicted can overshoot by its difference.
 * @param timeUnitMean mean time per sample at speed 1 (B3: 0.03)
 * @param timeUnitSd its standard deviation across owners (B3: 0.01; floor 0.01)
 * @param teeSlowdown how much longer training takes inside the attested (TEE) containers than
 *     outside, a factor ≥ 1 on every method's training time (B1: an optional fixed slowdown; 1 = none)
 * @param seed seeds everything
 */
public record FlOptions(double budget, double evalEvery, TrainOptions train, double comm, double crossCloudTime,
    int planetsPerDc, double rotationPeriod, String ring, String rotationPhase, String merge, double recencyLambda, String serve, double gamma, String refresh, double beta0, boolean pull, double kappa,
    StellarRule stellar, double asyncAlpha, double asyncExponent, int buffer, int hierPeriod, int hub,
    String baselineType, String policy, double epsilon, String reward, double curiosity, String objective, double lambdaCost, double dcBudget, double timeUnitMean, double timeUnitSd, double teeSlowdown, long seed) {

  public FlOptions {
    if (!(budget > 0) || !(evalEvery > 0) || comm < 0 || crossCloudTime < 0 || planetsPerDc < 0
        || !(rotationPeriod > 0) || gamma < 0 || gamma > 1 || buffer < 1 || hierPeriod < 1 || hub < 0
        || !(policy.equals("reward") || policy.equals("random")) || epsilon < 0 || epsilon > 1 || !(timeUnitMean > 0) || !(teeSlowdown >= 1)
        || !(reward.equals("additive") || reward.equals("product")) || curiosity < 0
        || !(objective.equals("mix") || objective.equals("budget")) || !(lambdaCost >= 0) || !(dcBudget >= 0)
        || !(ring.equals("fixed") || ring.equals("rotating")) || !(refresh.equals("mix") || refresh.equals("rebase"))
        || !(rotationPhase.equals("aligned") || rotationPhase.equals("staggered"))
        || !(merge.equals("versions") || merge.equals("recency")) || !(recencyLambda >= 0 && recencyLambda <= 1)
        || !(serve.equals("stellar") || serve.equals("merged"))) {
      throw new IllegalArgumentException("fl options out of range: " + this
          + "; budget, eval-every, rotation-period and time-unit must be > 0, gamma and epsilon in [0, 1],"
          + " buffer and hier-period >= 1, policy reward or random, reward additive or product, curiosity >= 0, objective mix or budget, lambda-cost >= 0, dc-budget >= 0, ring fixed or rotating, refresh mix or rebase, rotation-phase aligned or staggered, merge versions or recency, recency-lambda in [0, 1], serve stellar or merged, tee-slowdown >= 1");
    }
  }

  /** How a planet's push updates the stellar model. */
  public enum StellarRule {
    /** B2 option A: {@code S = sum_m v_m / sum_j v_j * w_m}. */
    VERSION_WEIGHTED,
    /** B2 option B: {@code S = (1-a) S + a w_m}, {@code a = alpha (tau+1)^-exponent}. */
    STALENESS
  }

  /** The defaults the reference suggests where it has one, ours (documented in docs/fl.md) elsewhere. */
  public static FlOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.budget = budget;
    b.evalEvery = evalEvery;
    b.train = train;
    b.comm = comm;
    b.crossCloudTime = crossCloudTime;
    b.planetsPerDc = planetsPerDc;
    b.rotationPeriod = rotationPeriod;
    b.ring = ring;
    b.rotationPhase = rotationPhase;
    b.merge = merge;
    b.recencyLambda = recencyLambda;
    b.serve = serve;
    b.gamma = gamma;
    b.refresh = refresh;
    b.beta0 = beta0;
    b.pull = pull;
    b.kappa = kappa;
    b.stellar = stellar;
    b.asyncAlpha = asyncAlpha;
    b.asyncExponent = asyncExponent;
    b.buffer = buffer;
    b.hierPeriod = hierPeriod;
    b.hub = hub;
    b.baselineType = baselineType;
    b.policy = policy;
    b.epsilon = epsilon;
    b.reward = reward;
    b.curiosity = curiosity;
    b.objective = objective;
    b.lambdaCost = lambdaCost;
    b.dcBudget = dcBudget;
    b.timeUnitMean = timeUnitMean;
    b.timeUnitSd = timeUnitSd;
    b.teeSlowdown = teeSlowdown;
    b.seed = seed;
    return b;
  }

  /** Builds {@link FlOptions}; setters are named like the record's components. */
  public static final class Builder {
    private double budget = 3000;
    private double evalEvery = 100;
    private TrainOptions train = TrainOptions.defaults();
    private double comm = 4;
    private double crossCloudTime = 2;
    private int planetsPerDc = 0;
    private double rotationPeriod = 100;
    private String ring = "fixed";
    private String rotationPhase = "staggered";
    private String merge = "versions";
    private double recencyLambda = 0.3;
    private String serve = "merged";
    private double gamma = 1;
    private String refresh = "rebase";
    private double beta0 = 0;
    private boolean pull = true;
    private double kappa = 0.5;
    private StellarRule stellar = StellarRule.VERSION_WEIGHTED;
    private double asyncAlpha = 0.9;
    private double asyncExponent = 0.8;
    private int buffer = 3;
    private int hierPeriod = 1;
    private int hub = 0;
    private String baselineType;
    private String policy = "reward";
    private double epsilon = 0;
    private String reward = "additive";
    private double curiosity = 0.1;
    private String objective = "mix";
    private double lambdaCost = 0;
    private double dcBudget = 0;
    private double timeUnitMean = 0.03;
    private double timeUnitSd = 0.01;
    private double teeSlowdown = 1;
    private long seed = 1;

    private Builder() {}

    public Builder budget(double v) { budget = v; return this; }
    public Builder evalEvery(double v) { evalEvery = v; return this; }
    public Builder train(TrainOptions v) { train = v; return this; }
    public Builder comm(double v) { comm = v; return this; }
    public Builder crossCloudTime(double v) { crossCloudTime = v; return this; }
    public Builder planetsPerDc(int v) { planetsPerDc = v; return this; }
    public Builder rotationPeriod(double v) { rotationPeriod = v; return this; }
    public Builder ring(String v) { ring = v; return this; }
    public Builder rotationPhase(String v) { rotationPhase = v; return this; }
    public Builder merge(String v) { merge = v; return this; }
    public Builder recencyLambda(double v) { recencyLambda = v; return this; }
    public Builder serve(String v) { serve = v; return this; }
    public Builder gamma(double v) { gamma = v; return this; }
    public Builder refresh(String v) { refresh = v; return this; }
    public Builder beta0(double v) { beta0 = v; return this; }
    public Builder pull(boolean v) { pull = v; return this; }
    public Builder kappa(double v) { kappa = v; return this; }
    public Builder stellar(StellarRule v) { stellar = v; return this; }
    public Builder asyncAlpha(double v) { asyncAlpha = v; return this; }
    public Builder asyncExponent(double v) { asyncExponent = v; return this; }
    public Builder buffer(int v) { buffer = v; return this; }
    public Builder hierPeriod(int v) { hierPeriod = v; return this; }
    public Builder hub(int v) { hub = v; return this; }
    public Builder baselineType(String v) { baselineType = v; return this; }
    public Builder policy(String v) { policy = v; return this; }
    public Builder epsilon(double v) { epsilon = v; return this; }
    public Builder reward(String v) { reward = v; return this; }
    public Builder curiosity(double v) { curiosity = v; return this; }
    public Builder objective(String v) { objective = v; return this; }
    public Builder lambdaCost(double v) { lambdaCost = v; return this; }
    public Builder dcBudget(double v) { dcBudget = v; return this; }
    public Builder timeUnit(double mean, double sd) { timeUnitMean = mean; timeUnitSd = sd; return this; }
    public Builder teeSlowdown(double v) { teeSlowdown = v; return this; }
    public Builder seed(long v) { seed = v; return this; }

    public FlOptions build() {
      return new FlOptions(budget, evalEvery, train, comm, crossCloudTime, planetsPerDc, rotationPeriod, ring, rotationPhase, merge, recencyLambda, serve, gamma, refresh, beta0,
          pull, kappa, stellar, asyncAlpha, asyncExponent, buffer, hierPeriod, hub, baselineType, policy, epsilon,
          reward, curiosity, objective, lambdaCost, dcBudget, timeUnitMean, timeUnitSd, teeSlowdown, seed);
    }
  }
}
