package io.jointflow.cloud;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cloud charges, from its price list: execution by the second of memory, vCPU and GPU
 * memory (Lambda charges memory only; Function Compute 3.0 charges all three), a fee per request,
 * datastore reads and writes, and egress. Every price is a decimal >= 0 in {@link #currency()};
 * a price a cloud does not charge is 0.
 *
 * @param currency ISO 4217 code, e.g. {@code USD}
 * @param perGbSecond per GB (1024 MB) of configured memory per second of billed duration
 * @param perVcpuSecond per configured vCPU per second of billed duration
 * @param perGpuGbSecond per GB of configured GPU memory per second of billed duration
 * @param perMillionRequests per million invocations
 * @param perMillionReads per million datastore reads (checkpoints, trigger state)
 * @param perMillionWrites per million datastore writes
 * @param perGbEgress per GB leaving the cloud
 * @param granularity billed durations are rounded up to a multiple of this (at least one)
 * @throws InvalidCloudsException listing every problem, at the price's key ({@code per-gb-second})
 */
public record Prices(String currency, BigDecimal perGbSecond, BigDecimal perVcpuSecond,
    BigDecimal perGpuGbSecond, BigDecimal perMillionRequests, BigDecimal perMillionReads,
    BigDecimal perMillionWrites, BigDecimal perGbEgress, Duration granularity) {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public Prices {
    Check check = new Check();
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      check.add("currency", "prices currency must be a three-letter ISO 4217 code like USD: " + currency);
    }
    Map<String, BigDecimal> all = new LinkedHashMap<>();
    all.put("per-gb-second", perGbSecond);
    all.put("per-vcpu-second", perVcpuSecond);
    all.put("per-gpu-gb-second", perGpuGbSecond);
    all.put("per-million-requests", perMillionRequests);
    all.put("per-million-reads", perMillionReads);
    all.put("per-million-writes", perMillionWrites);
    all.put("per-gb-egress", perGbEgress);
    all.forEach((key, price) -> {
      if (price == null || price.signum() < 0) {
        check.add(key, "prices " + key + " must be a decimal >= 0: " + price);
      }
    });
    if (granularity == null || granularity.isNegative() || granularity.isZero()) {
      check.add("granularity", "prices granularity must be a duration of at least 1ms: " + granularity);
    }
    check.throwIfAny();
  }

  /** Nothing costs anything (a local cloud); granularity 1 ms. */
  public static Prices free() {
    return builder().build();
  }

  /** Starts from {@link #free()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The duration billed for one execution: rounded up to the granularity, at least one unit. */
  public Duration billed(Duration ran) {
    long unit = granularity.toNanos();
    long units = Math.max(1, (ran.toNanos() + unit - 1) / unit);
    return Duration.ofNanos(Math.multiplyExact(units, unit));
  }

  /**
   * What one invocation costs: its billed duration times the size's memory, vCPUs and GPU memory
   * at their prices, plus the request fee. Exact (no rounding).
   *
   * @param size the function's size in this cloud, e.g. from {@link CloudSpec#profile(String)}
   */
  public BigDecimal cost(Duration ran, Profile size) {
    BigDecimal seconds = BigDecimal.valueOf(billed(ran).toNanos(), 9);
    BigDecimal gb = BigDecimal.valueOf(Sizes.GB);
    BigDecimal perSecond = BigDecimal.valueOf(size.memory()).divide(gb).multiply(perGbSecond)
        .add(BigDecimal.valueOf(size.vcpus()).multiply(perVcpuSecond))
        .add(BigDecimal.valueOf(size.gpuMemory()).divide(gb).multiply(perGpuGbSecond));
    return seconds.multiply(perSecond).add(perMillionRequests.divide(MILLION));
  }

  /** Builds {@link Prices}; every price starts at 0, the currency at USD, the granularity at 1 ms. */
  public static final class Builder {
    private String currency = "USD";
    private BigDecimal perGbSecond = BigDecimal.ZERO;
    private BigDecimal perVcpuSecond = BigDecimal.ZERO;
    private BigDecimal perGpuGbSecond = BigDecimal.ZERO;
    private BigDecimal perMillionRequests = BigDecimal.ZERO;
    private BigDecimal perMillionReads = BigDecimal.ZERO;
    private BigDecimal perMillionWrites = BigDecimal.ZERO;
    private BigDecimal perGbEgress = BigDecimal.ZERO;
    private Duration granularity = Duration.ofMillis(1);

    Builder() {}

    /** ISO 4217 code. */
    public Builder currency(String currency) {
      this.currency = currency;
      return this;
    }

    /** Per GB of memory per second. */
    public Builder perGbSecond(BigDecimal price) {
      this.perGbSecond = price;
      return this;
    }

    /** Per vCPU per second. */
    public Builder perVcpuSecond(BigDecimal price) {
      this.perVcpuSecond = price;
      return this;
    }

    /** Per GB of GPU memory per second. */
    public Builder perGpuGbSecond(BigDecimal price) {
      this.perGpuGbSecond = price;
      return this;
    }

    /** Per million invocations. */
    public Builder perMillionRequests(BigDecimal price) {
      this.perMillionRequests = price;
      return this;
    }

    /** Per million datastore reads. */
    public Builder perMillionReads(BigDecimal price) {
      this.perMillionReads = price;
      return this;
    }

    /** Per million datastore writes. */
    public Builder perMillionWrites(BigDecimal price) {
      this.perMillionWrites = price;
      return this;
    }

    /** Per GB leaving the cloud. */
    public Builder perGbEgress(BigDecimal price) {
      this.perGbEgress = price;
      return this;
    }

    /** Billed durations are rounded up to a multiple of this. */
    public Builder granularity(Duration granularity) {
      this.granularity = granularity;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidCloudsException listing every problem
     */
    public Prices build() {
      return new Prices(currency, perGbSecond, perVcpuSecond, perGpuGbSecond, perMillionRequests,
          perMillionReads, perMillionWrites, perGbEgress, granularity);
    }
  }
}
