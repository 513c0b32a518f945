package io.jointflow.aliyun;

import io.jointflow.spi.BackendException;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The Alibaba Cloud keys an {@link FcBackend} signs with, read from environment variables: those the
 * cloud's {@code credentials-env} names (access key id, secret, and optionally an STS token), by
 * default {@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} and, if set,
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN}. {@link #toString()} shows no secret.
 *
 * @param accessKeyId the access key id
 * @param accessKeySecret its secret
 * @param securityToken an STS token, or null
 */
public record FcCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
  /** The variables read when {@code credentials-env} names none. */
  public static final List<String> DEFAULT_VARIABLES =
      List.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN");

  public FcCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(accessKeySecret, "accessKeySecret");
  }

  /**
   * Reads the variables {@code names} lists (id, secret, optional token), or the defaults if empty.
   *
   * @throws BackendException (retryable: set them and the run resumes) naming a variable that is unset
   */
  public static FcCredentials fromEnvironment(String cloud, List<String> names, UnaryOperator<String> variables) {
    List<String> vars = names.isEmpty() ? DEFAULT_VARIABLES : names;
    if (vars.size() < 2 || vars.size() > 3) {
      throw new BackendException("cloud '" + cloud + "' (aliyun-fc) credentials-env must name 2 or 3 variables (access"
          + " key id, secret, optional STS token): " + vars, null, false);
    }
    String id = variables.apply(vars.get(0));
    String secret = variables.apply(vars.get(1));
    for (int i = 0; i < 2; i++) {
      String v = i == 0 ? id : secret;
      if (v == null || v.isEmpty()) {
        throw new BackendException("cloud '" + cloud + "' (aliyun-fc) reads its credentials from the environment"
            + " variable " + vars.get(i) + ", which is not set; export it (credentials-env names the variables)", null, true);
      }
    }
    String token = vars.size() == 3 ? variables.apply(vars.get(2)) : null;
    return new FcCredentials(id, secret, token == null || token.isEmpty() ? null : token);
  }

  @Override
  public String toString() {
    return "FcCredentials[" + accessKeyId.substring(0, Math.min(4, accessKeyId.length())) + "...]";
  }
}
