package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Names;
import io.jointflow.cloud.Sizes;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per kind of problem in a clouds file, each asserting the exact positions and
 * messages: every problem of a file is reported at once.
 */
class CloudsErrorsTest {
  private static final String ADVICE = "credentials never go in a clouds file: put the secret in an"
      + " environment variable and write the variable's name (e.g. credentials-env: [AWS_PROFILE])";
  private static final String DURATION = "a duration (500ms, 3s, 2m, 1h, ISO-8601 like PT3S, or a number"
      + " of milliseconds)";
  private static final String SIZE = "a size (" + Sizes.FORMS + ")";

  /** Diagnostics as {@code line:column message}. */
  static List<String> errors(String yaml) {
    return errors(yaml, "clouds.yaml");
  }

  static List<String> errors(String text, String name) {
    return CloudsDefinitions.check(new StringReader(text), name, Path.of("/work")).stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.message())
        .toList();
  }

  @Test
  void unknownKeysAtEveryLevelNameTheValidOnes() {
    assertThat(errors("""
        clouds:
          aws:
            compute: {type: local, colour: red}
            region: tokyo
            prices: {per-gb-sec: 1}
            limits: {payload: 1KB}
            profiles:
              big: {memory: 1GB, cores: 2}
        network: {latency: 1ms, links: [{between: [aws, aws], latency: 1ms, loss: 0.1}]}
        faults: [{cloud: aws, kind: outage, to: 1s, when: now}]
        signing: {key: x}
        spare: true
        """)).containsExactly(
        "3:28 unknown key 'colour' in cloud 'aws' compute (valid: type, url, options, credentials-env,"
            + " cold-start, keep-alive)",
        "4:5 unknown key 'region' in cloud 'aws' (valid: compute, state, blobs, prices, limits, profiles)",
        "5:14 unknown key 'per-gb-sec' in cloud 'aws' prices (valid: currency, per-gb-second,"
            + " per-vcpu-second, per-gpu-gb-second, per-million-requests, per-million-reads,"
            + " per-million-writes, per-gb-egress, granularity)",
        "6:14 unknown key 'payload' in cloud 'aws' limits (valid: async-payload, concurrency, memory, vcpus)",
        "8:26 unknown key 'cores' in cloud 'aws' profile 'big' (valid: memory, vcpus, gpu, gpu-memory, speedup)",
        "9:11 unknown key 'latency' in network (valid: inside, links)",
        "9:34 link between 'aws' and 'aws' joins a cloud to itself: a cloud's own latency is network inside",
        "9:69 unknown key 'loss' in network link #1 (valid: between, latency, jitter, bandwidth)",
        "10:45 unknown key 'when' in fault #1 (valid: cloud, kind, from, to)",
        "11:11 unknown key 'key' in signing (valid: key-env, replay-window)",
        "12:1 unknown key 'spare' in clouds definition (valid: clouds, network, faults, signing)");
  }

  @Test
  void wrongTypesNameTheKeyAndTheValue() {
    assertThat(errors("""
        clouds:
          aws:
            compute: {type: local, cold-start: soon, keep-alive: [1m]}
            prices: {per-gb-second: -0.1, per-million-requests: cheap, granularity: 1.5ms, currency: [USD]}
            limits: {async-payload: 256kilobytes, concurrency: many, memory: 1.5GB, vcpus: lots}
            profiles:
              big: {memory: 8, vcpus: -1, gpu-memory: 8GB, speedup: 0}
              small: 512MB
              none: {vcpus: 1}
        network:
          inside: forever
          links:
            - {between: aws, latency: 1ms, bandwidth: 100MB}
            - {between: [aws], latency: 1ms}
            - fast
        """)).containsExactly(
        "3:40 cloud 'aws' compute cold-start must be " + DURATION + ": 'soon'",
        "3:46 cloud 'aws' compute keep-alive must be " + DURATION + ", not a list",
        "4:29 cloud 'aws' prices per-gb-second must be a decimal number >= 0: '-0.1'",
        "4:57 cloud 'aws' prices per-million-requests must be a decimal number >= 0: 'cheap'",
        "4:77 cloud 'aws' prices granularity must be " + DURATION + ": '1.5ms'",
        "4:84 cloud 'aws' prices currency must be a string, not a list",
        "5:29 cloud 'aws' limits async-payload must be " + SIZE + ": '256kilobytes'",
        "5:56 cloud 'aws' limits concurrency must be an integer: 'many'",
        "5:70 cloud 'aws' limits memory must be " + SIZE + ": '1.5GB'",
        "5:84 cloud 'aws' limits vcpus must be a number: 'lots'",
        "7:7 cloud 'aws' profile 'big' has gpu-memory 8GB but no gpu type",
        "7:21 cloud 'aws' profile 'big' memory must be at least 1MB: 8B",
        "7:31 cloud 'aws' profile 'big' vcpus must be a number >= 0: -1.0",
        "7:61 cloud 'aws' profile 'big' speedup must be a number > 0 (1 = as fast as a local run): 0.0",
        "8:14 cloud 'aws' profile 'small' must be a mapping with at least memory (e.g. {memory: 512MB}),"
            + " not a string",
        "9:7 cloud 'aws' profile 'none' is missing required key 'memory'",
        "11:11 network inside must be " + DURATION + ": 'forever'",
        "13:17 network link #1 between must be a list: 'aws'",
        "13:47 network link #1 bandwidth must be a size per second like 100MB/s (1KB = 1024 bytes): '100MB'",
        "14:8 network link #2 between must name two clouds: [aws]",
        "15:7 network link #3 must be a mapping like {between: [aws, ali], latency: 15ms}, not a string");
  }

  @Test
  void credentialsAreRejectedWithAdviceAndNeverRepeatedWhole() {
    String yaml = """
        clouds:
          aws:
            compute:
              type: aws-lambda
              options:
                region: ap-northeast-1
                secret-access-key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                role: AKIAIOSFODNN7EXAMPLE
              credentials-env: [AWS_PROFILE, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
            state: "redis://admin:hunter2@cache:6379"
          worker:
            compute: {type: worker, url: "http://deploy:pw@10.0.0.1:8080"}
        network:
          links: [{between: [aws, worker], latency: 1ms}]
        signing: {key-env: "c2VjcmV0LWtleS1mb3ItaG1hYy1zaWduaW5nLTEyMzQ1Ng=="}
        """;
    List<String> errors = errors(yaml);
    assertThat(errors).containsExactly(
        "7:28 cloud 'aws' compute option 'secret-access-key' looks like a secret: " + ADVICE,
        "8:15 cloud 'aws' compute option 'role' value 'AKIA...' (20 characters) looks like a secret: " + ADVICE,
        "9:7 cloud 'aws' compute credentials-env 'wJal...' (40 characters) looks like a secret value, not"
            + " the name of an environment variable: " + ADVICE,
        "10:12 cloud 'aws' state carries credentials ('redis://admin:****@cache:6379'): " + ADVICE,
        "12:34 cloud 'worker' compute url 'http://deploy:****@10.0.0.1:8080' carries credentials: " + ADVICE,
        "15:20 signing key-env 'c2Vj...' (48 characters) looks like a key, not the name of an environment"
            + " variable: put the key in the environment (e.g. JOINTFLOW_CLUSTER_KEY) and write the"
            + " variable's name");
    assertThat(String.join("\n", errors)).doesNotContain("EXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE", "hunter2",
        ":pw@", "LWtleS1mb3I");
  }

  @Test
  void computeAndStoresNeedWhatTheirTypeNeeds() {
    assertThat(errors("""
        clouds:
          a: {compute: {type: lambda}}
          b: {compute: {type: worker}}
          c: {compute: {type: local, url: "http://x:1"}}
          d: {compute: {type: aliyun-fc, url: "http://x:1"}}
          e: {compute: {type: http, url: "ftp://x"}}
          f: {compute: {url: "http://x:1"}}
          g: {state: cassandra, blobs: "ftp://x"}
          h: {state: "dynamodb:jobs"}
          i: {state: "sqlite:"}
          j: {prices: {per-vcpu-second: 0.00002}}
        network: {inside: 1ms, links: [{between: [a, b], latency: 1ms}]}
        """).stream().filter(e -> !e.contains("has no link"))).containsExactly(
        "2:23 cloud 'a' compute type 'lambda' is unknown (valid: local, worker, aws-lambda, aliyun-fc, http)",
        "3:7 cloud 'b' compute type 'worker' needs a url (http://HOST:PORT)",
        "4:35 cloud 'c' compute type 'local' takes no url: http://x:1",
        "5:7 cloud 'd' compute type 'aliyun-fc' needs options.region (e.g. ap-northeast-1)",
        "5:39 cloud 'd' compute type 'aliyun-fc' takes no url (a custom endpoint goes under"
            + " options.endpoint): http://x:1",
        "6:34 cloud 'e' compute url must be http://HOST[:PORT] or https://...: ftp://x",
        "7:7 cloud 'f' compute is missing required key 'type'",
        "8:14 cloud 'g' state 'cassandra' is unknown (valid: memory, sqlite:PATH, redis://HOST:PORT,"
            + " dynamodb:TABLE, postgres://HOST:PORT/DATABASE)",
        "8:32 cloud 'g' blobs 'ftp://x' is unknown (valid: filesystem:DIR, s3://BUCKET[/PREFIX],"
            + " oss://BUCKET[/PREFIX])",
        "9:3 cloud 'h' needs blobs with state 'dynamodb:jobs' (filesystem:DIR, s3://BUCKET[/PREFIX],"
            + " oss://BUCKET[/PREFIX])",
        "10:14 cloud 'i' state 'sqlite:' needs a file: sqlite:PATH",
        "11:3 cloud 'j' charges per-vcpu-second, so limits vcpus must say how many vCPUs a function"
            + " without a profile has: 0");
  }

  @Test
  void aMissingLinkNamesBothCloudsAndUnknownCloudsNameTheKnownOnes() {
    assertThat(errors("""
        clouds:
          aws: {}
          ali: {}
          gcp: {}
        network:
          inside: {aws: 1ms, azure: 2ms}
          links:
            - {between: [aws, ali], latency: 15ms}
            - {between: [ali, aws], latency: 16ms}
            - {between: [aws, ibm], latency: 20ms, jitter: 30ms}
        faults:
          - {cloud: oracle, kind: outage, from: 0s, to: 1s}
          - {cloud: azure, kind: error-rate, rate: 2, to: 1s}
        """)).containsExactly(
        "6:3 network inside has no latency for cloud 'ali': give every cloud one, or one duration for"
            + " all (inside: 1ms)",
        "6:3 network inside has no latency for cloud 'gcp': give every cloud one, or one duration for"
            + " all (inside: 1ms)",
        "6:29 network inside names unknown cloud 'azure' (clouds: aws, ali, gcp)",
        "7:3 network has no link between clouds 'aws' and 'gcp': add {between: [aws, gcp], latency: ...}"
            + " to network links",
        "7:3 network has no link between clouds 'ali' and 'gcp': add {between: [ali, gcp], latency: ...}"
            + " to network links",
        "9:7 link between 'ali' and 'aws' is defined twice",
        "10:8 link between 'aws' and 'ibm' names unknown cloud 'ibm' (clouds: aws, ali, gcp)",
        "10:52 link between 'aws' and 'ibm' jitter must not exceed its latency 20ms: 30ms",
        "12:13 fault #1 names unknown cloud 'oracle' (clouds: aws, ali, gcp)",
        "13:13 fault #2 names unknown cloud 'azure' (clouds: aws, ali, gcp)",
        "13:44 error-rate of cloud 'azure' needs a rate in (0, 1]: 2.0");
  }

  @Test
  void withoutAnyLinkOneMessageNamesEveryMissingPair() {
    assertThat(errors("clouds: {aws: {}, ali: {}, gcp: {}}\n")).containsExactly(
        "1:1 network has no links: every pair of clouds needs one, with its latency (missing: [aws, ali],"
            + " [aws, gcp], [ali, gcp])");
  }

  @Test
  void faultsTakeTheParametersOfTheirKindAndAWindow() {
    assertThat(errors("""
        clouds:
          aws: {}
        faults:
          - {cloud: aws, kind: outage, from: 20s, to: 10s, rate: 0.5}
          - {cloud: aws, kind: error-rate, rate: 1.5, to: 1s}
          - {cloud: aws, kind: error-rate, to: 1s}
          - {cloud: aws, kind: latency-spike, extra: 0ms, to: 1s, rate: 0.1}
          - {cloud: aws, kind: crash, to: 1s}
          - {cloud: aws, from: 1s}
          - outage
        signing: {key-env: "my key", replay-window: 0s}
        """)).containsExactly(
        "4:47 outage of cloud 'aws' must end after it starts: from 20000ms, to 10000ms",
        "4:52 parameter 'rate' is not valid for fault kind 'outage' (it takes no parameters)",
        "5:42 error-rate of cloud 'aws' needs a rate in (0, 1]: 1.5",
        "6:5 fault #3 is missing required key 'rate'",
        "7:46 latency-spike of cloud 'aws' needs extra of at least 1ms: PT0S",
        "7:59 parameter 'rate' is not valid for fault kind 'latency-spike' (valid: extra)",
        "8:24 fault #5 has unknown kind 'crash' (valid: outage, store-outage, error-rate, latency-spike)",
        "9:5 fault #6 is missing required key 'kind' (valid: outage, store-outage, error-rate, latency-spike)",
        "9:5 fault #6 is missing required key 'to'",
        "10:5 fault #7 must be a mapping like {cloud: aws, kind: outage, from: 10s, to: 20s}, not a string",
        "11:20 signing key-env 'my key' is not the name of an environment variable (letters, digits and"
            + " '_', not starting with a digit)",
        "11:45 signing replay-window must be at least 1s: PT0S");
  }

  @Test
  void problemsOfTheFileAsAWhole() {
    assertThat(errors("")).containsExactly("1:1 the file is empty: a clouds definition needs at least 'clouds'");
    assertThat(errors("- aws\n")).containsExactly(
        "1:1 a clouds definition must be a mapping with at least 'clouds', not a list");
    assertThat(errors("network: {}\n")).containsExactly("1:1 clouds definition is missing required key 'clouds'");
    assertThat(errors("clouds: {}\n")).containsExactly("1:1 a clouds definition needs at least one cloud under 'clouds'");
    assertThat(errors("clouds:\n  aws: {}\n---\nclouds:\n  ali: {}\n")).containsExactly(
        "4:1 unexpected content after the clouds definition: a file holds exactly one clouds definition");
    assertThat(errors("clouds:\n  aws: {state: memory\n")).containsExactly(
        "3:1 malformed YAML: expected ',' or '}', but got <stream end> (while parsing a flow mapping that"
            + " starts at line 2, column 8)");
    assertThat(errors("clouds:\n  aws: [local]\n  'bad name': {state: nowhere}\n")).containsExactly(
        "2:8 cloud 'aws' must be a mapping with compute, state, prices, ..., not a list",
        "3:3 cloud name 'bad name' is invalid: " + Names.NAME_RULE,
        "3:23 cloud 'bad name' state 'nowhere' is unknown (valid: memory, sqlite:PATH, redis://HOST:PORT,"
            + " dynamodb:TABLE, postgres://HOST:PORT/DATABASE)");
  }

  @Test
  void jsonErrorsHaveJsonPositions() {
    assertThat(errors("""
        {
          "clouds": {"aws": {"limits": {"memory": "lots"}}},
          "network": {"links": []}
        }
        """, "clouds.json")).containsExactly(
        "2:43 cloud 'aws' limits memory must be " + SIZE + ": 'lots'");
  }
}
