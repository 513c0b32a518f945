package io.jointflow.cloud;

/**
 * A cloud's limits, and the size a function gets there without a profile.
 *
 * @param asyncPayload the largest asynchronous invocation request, in bytes (Lambda 256 KB,
 *     Function Compute 128 KB): larger inputs travel as blob references
 * @param concurrency the most instances running at once in the cloud
 * @param memory the memory of a function without a profile, in bytes
 * @param vcpus the vCPUs of a function without a profile; 0 when the cloud allots CPU in proportion
 *     to memory (Lambda) and does not bill it
 * @throws InvalidCloudsException listing every problem, at the limit's key ({@code async-payload})
 */
public record Limits(long asyncPayload, int concurrency, long memory, double vcpus) {
  /** Lambda's async payload limit before October 2025 and the Jointλ paper's: 256 KB. */
  public static final long DEFAULT_ASYNC_PAYLOAD = 256 * Sizes.KB;
  /** Lambda's default account concurrency. */
  public static final int DEFAULT_CONCURRENCY = 1000;
  /** Lambda's default function memory. */
  public static final long DEFAULT_MEMORY = 128 * Sizes.MB;

  public Limits {
    Check check = new Check();
    if (asyncPayload < Sizes.KB) {
      check.add("async-payload", "limits async-payload must be at least 1KB: " + Sizes.format(asyncPayload));
    }
    if (concurrency < 1) {
      check.add("concurrency", "limits concurrency must be >= 1: " + concurrency);
    }
    if (memory < Sizes.MB) {
      check.add("memory", "limits memory must be at least 1MB: " + Sizes.format(memory));
    }
    if (!(vcpus >= 0) || Double.isInfinite(vcpus)) {
      check.add("vcpus", "limits vcpus must be a number >= 0: " + vcpus);
    }
    check.throwIfAny();
  }

  /** Lambda's: 256 KB async payload, concurrency 1000, 128 MB, CPU in proportion to memory. */
  public static Limits defaults() {
    return new Limits(DEFAULT_ASYNC_PAYLOAD, DEFAULT_CONCURRENCY, DEFAULT_MEMORY, 0);
  }

  /** Starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Limits} from {@link #defaults()}. Not thread safe. */
  public static final class Builder {
    private long asyncPayload = DEFAULT_ASYNC_PAYLOAD;
    private int concurrency = DEFAULT_CONCURRENCY;
    private long memory = DEFAULT_MEMORY;
    private double vcpus;

    Builder() {}

    /** The largest asynchronous invocation request, in bytes. */
    public Builder asyncPayload(long bytes) {
      this.asyncPayload = bytes;
      return this;
    }

    /** The most instances running at once. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** The memory of a function without a profile, in bytes. */
    public Builder memory(long bytes) {
      this.memory = bytes;
      return this;
    }

    /** The vCPUs of a function without a profile (0: in proportion to memory, not billed). */
    public Builder vcpus(double vcpus) {
      this.vcpus = vcpus;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidCloudsException listing every problem
     */
    public Limits build() {
      return new Limits(asyncPayload, concurrency, memory, vcpus);
    }
  }
}
