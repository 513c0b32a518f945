package io.jointflow.cloud;

import java.util.Arrays;
import java.util.List;

/** Where a cloud's functions run: the {@code type} of its {@code compute}. */
public enum ComputeType {
  /** In this process, on virtual threads (the embedded default). Emulated: the network, cold starts and faults of the clouds file apply. */
  LOCAL("local"),
  /** A Jointflow worker process over HTTP at {@code url}. Emulated like {@code local}. */
  WORKER("worker"),
  /** AWS Lambda, invoked asynchronously; {@code options.region} is required. */
  AWS_LAMBDA("aws-lambda"),
  /** Alibaba Cloud Function Compute 3.0, invoked asynchronously; {@code options.region} is required. */
  ALIYUN_FC("aliyun-fc"),
  /** Any FaaS that exposes functions over HTTP (Knative, OpenFaaS) at {@code url}. */
  HTTP("http");

  /** Every type's YAML spelling, in documentation order. */
  public static final List<String> NAMES = Arrays.stream(values()).map(ComputeType::configName).toList();

  private final String configName;

  ComputeType(String configName) {
    this.configName = configName;
  }

  /** The YAML spelling. */
  public String configName() {
    return configName;
  }

  /** True for the types reached at a {@code url}: {@code worker} and {@code http}. */
  public boolean needsUrl() {
    return this == WORKER || this == HTTP;
  }

  /** True for the types reached through a cloud SDK, which need {@code options.region}. */
  public boolean needsRegion() {
    return this == AWS_LAMBDA || this == ALIYUN_FC;
  }

  /**
   * True for the types whose latency, cold starts and limits Jointflow emulates from the clouds
   * file ({@code local}, {@code worker}); a real cloud has its own.
   */
  public boolean isEmulated() {
    return this == LOCAL || this == WORKER;
  }

  /**
   * Parses the YAML spelling.
   *
   * @throws IllegalArgumentException naming the valid choices
   */
  public static ComputeType parse(String s) {
    for (ComputeType t : values()) {
      if (t.configName.equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("compute type '" + s + "' is unknown (valid: "
        + String.join(", ", NAMES) + ")");
  }
}
