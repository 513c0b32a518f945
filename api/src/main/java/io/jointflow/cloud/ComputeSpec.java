package io.jointflow.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a cloud's functions run and, for emulation, how its instances start.
 *
 * <p>Credentials are never part of it: {@code credentialsEnv} names the environment variables that
 * hold them (the SDK's own variables, such as {@code AWS_PROFILE}, work without naming them). An
 * option whose key announces a secret ({@code secret-key}, {@code password}) or whose value looks
 * like one (an access key id, a URL with a password) is rejected.
 *
 * @param type where functions run
 * @param url the endpoint of a {@code worker} or {@code http} cloud; {@code null} for the others
 * @param options settings of the backend, e.g. {@code region} and {@code endpoint} for a cloud SDK
 *     ({@code region} is required for {@code aws-lambda} and {@code aliyun-fc})
 * @param credentialsEnv names of environment variables holding credentials, for the backend to read
 * @param coldStart how long an emulated instance takes to start when none is warm
 * @param keepAlive how long an emulated instance stays warm after its last invocation
 * @throws InvalidCloudsException listing every problem, at paths such as {@code url} and {@code options.region}
 */
public record ComputeSpec(ComputeType type, URI url, Map<String, String> options,
    List<String> credentialsEnv, Duration coldStart, Duration keepAlive) {

  /** Default {@link #keepAlive()}: AWS and Alibaba reclaim idle instances after minutes. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(10);

  public ComputeSpec {
    Check check = new Check();
    if (type == null) {
      check.add("type", "compute has no type (valid: " + String.join(", ", ComputeType.NAMES) + ")");
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
    credentialsEnv = List.copyOf(credentialsEnv);
    checkUrl(type, url, check);
    checkOptions(type, options, check);
    for (String name : credentialsEnv) {
      if (Secrets.looksSecret(name)) {
        check.add("credentials-env", "compute credentials-env " + Secrets.redact(name) + " looks like a"
            + " secret value, not the name of an environment variable: " + Secrets.ADVICE);
      } else if (!Secrets.isEnvName(name)) {
        check.add("credentials-env", "compute credentials-env '" + name + "' is not the name of an"
            + " environment variable (letters, digits and '_', not starting with a digit)");
      }
    }
    nonNegative(check, "cold-start", coldStart);
    nonNegative(check, "keep-alive", keepAlive);
    check.throwIfAny();
  }

  /** Runs functions in this process with no emulated cold starts. */
  public static ComputeSpec local() {
    return builder(ComputeType.LOCAL).build();
  }

  /** Starts a compute spec of a type. */
  public static Builder builder(ComputeType type) {
    return new Builder(type);
  }

  private static void checkUrl(ComputeType type, URI url, Check check) {
    if (type == null) {
      return;
    }
    if (url == null) {
      if (type.needsUrl()) {
        check.add("url", "compute type '" + type.configName() + "' needs a url (http://HOST:PORT)");
      }
      return;
    }
    if (!type.needsUrl()) {
      check.add("url", "compute type '" + type.configName() + "' takes no url"
          + (type.needsRegion() ? " (a custom endpoint goes under options.endpoint)" : "") + ": " + url);
    } else if (url.getUserInfo() != null) {
      check.add("url", "compute url " + Secrets.redact(url.toString()) + " carries credentials: "
          + Secrets.ADVICE);
    } else if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
      check.add("url", "compute url must be http://HOST[:PORT] or https://...: " + url);
    }
  }

  private static void checkOptions(ComputeType type, Map<String, String> options, Check check) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isBlank()) {
        check.add("options", "compute option names must not be empty");
      } else if (Secrets.isSecretKey(key)) {
        check.add("options." + key, "compute option '" + key + "' looks like a secret: " + Secrets.ADVICE);
      } else if (e.getValue() == null) {
        check.add("options." + key, "compute option '" + key + "' has no value");
      } else if (Secrets.looksSecret(e.getValue())) {
        check.add("options." + key, "compute option '" + key + "' value " + Secrets.redact(e.getValue())
            + " looks like a secret: " + Secrets.ADVICE);
      }
    }
    if (type != null && type.needsRegion() && !options.containsKey("region")) {
      check.add("options", "compute type '" + type.configName() + "' needs options.region (e.g."
          + " ap-northeast-1)");
    }
  }

  static void nonNegative(Check check, String key, Duration d) {
    if (d == null || d.isNegative()) {
      check.add(key, key + " must be a duration >= 0: " + d);
    }
  }

  /** Builds a {@link ComputeSpec}. Not thread safe. */
  public static final class Builder {
    private final ComputeType type;
    private URI url;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> credentialsEnv = new ArrayList<>();
    private Duration coldStart = Duration.ZERO;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;

    Builder(ComputeType type) {
      this.type = type;
    }

    /** The endpoint of a {@code worker} or {@code http} cloud. */
    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** A backend setting, e.g. {@code option("region", "ap-northeast-1")}. */
    public Builder option(String key, String value) {
      options.put(key, value);
      return this;
    }

    /** Names environment variables that hold the backend's credentials. */
    public Builder credentialsEnv(String... names) {
      credentialsEnv.addAll(List.of(names));
      return this;
    }

    /** How long an emulated instance takes to start (default 0). */
    public Builder coldStart(Duration coldStart) {
      this.coldStart = coldStart;
      return this;
    }

    /** How long an emulated instance stays warm after its last invocation (default 10 minutes). */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidCloudsException listing every problem
     */
    public ComputeSpec build() {
      return new ComputeSpec(type, url, options, credentialsEnv, coldStart, keepAlive);
    }
  }
}
