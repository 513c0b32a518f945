package io.jointflow.dynamodb;

import io.jointflow.spi.StoreException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The SDK client of one store and the translation of every SDK failure into a {@link
 * StoreException} that names the store and endpoint and says whether it is retryable.
 *
 * <p>The SDK's own retries are off: a write it repeats after a lost answer could apply twice (an
 * increment) or report a condition failure for its own first attempt. A failed call throws at
 * once, its outcome unknown for writes, as the {@code StateStore} contract allows.
 */
final class DynamoLink implements AutoCloseable {
  private static final List<String> CREDENTIALS = List.of("UnrecognizedClientException", "InvalidSignatureException",
      "AccessDeniedException", "MissingAuthenticationTokenException", "ExpiredTokenException", "IncompleteSignatureException",
      "InvalidClientTokenId", "SignatureDoesNotMatch");
  private static final List<String> TRANSIENT = List.of("ProvisionedThroughputExceededException", "ThrottlingException",
      "RequestLimitExceeded", "InternalServerError", "ServiceUnavailable", "TransactionConflictException",
      "TransactionInProgressException", "LimitExceededException");
  static final String CREDENTIALS_FIX = "give AWS credentials in the environment (AWS_ACCESS_KEY_ID and "
      + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE), never in the location";
  private final String label;
  private final String table;
  private final DynamoDbClient client;
  private volatile boolean closed;

  private DynamoLink(String label, String table, DynamoDbClient client) {
    this.label = label;
    this.table = table;
    this.client = client;
  }

  /**
   * Builds the client ({@code credentials}: {@code null} for the SDK's default chain), checks the table (creating it if missing and allowed) and returns the link.
   *
   * @throws StoreException if no region is known, the server cannot be reached (retryable), the
   *     credentials are refused or the table is missing and cannot be created
   */
  static DynamoLink open(DynamoLocation where, DynamoOptions options, AwsCredentialsProvider credentials) {
    String region = where.region();
    if (region == null) {
      try {
        region = new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (RuntimeException e) {
        throw new StoreException("state store 'dynamodb://" + where.table() + "' has no region: add ?region=REGION to the "
            + "location or set AWS_REGION", e, false);
      }
    }
    String label = "dynamodb state store '" + where.describe(region) + "'";
    Duration timeout = options.callTimeout();
    var builder = DynamoDbClient.builder()
        .region(Region.of(region))
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(timeout).build())
        .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    if (where.endpoint() != null) {
      builder.endpointOverride(URI.create(where.endpoint()));
    }
    DynamoLink link;
    try {
      link = new DynamoLink(label, where.table(), builder.build());
    } catch (RuntimeException e) {
      throw new StoreException(label + " cannot build its client: " + rootMessage(e), e, false);
    }
    try {
      link.ensureTable(options.createTable());
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return link;
  }

  String table() {
    return table;
  }

  String label() {
    return label;
  }

  /**
   * Runs {@code call} on the client.
   *
   * @param what the operation in words, for messages ("put key 'k'")
   * @param write whether the call writes: then a failure's outcome is unknown
   * @throws StoreException for every failure except those {@code call} handles itself
   */
  <T> T call(String what, boolean write, Function<DynamoDbClient, T> call) {
    if (closed) {
      throw new StoreException(label + " is closed: cannot " + what, null, false);
    }
    try {
      return call.apply(client);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(what, write, e);
    }
  }

  StoreException failure(String what, boolean write, RuntimeException e) {
    String unknown = write ? "; it may or may not have taken effect" : "";
    if (e instanceof ResourceNotFoundException) {
      return new StoreException(label + " has no table '" + table + "': cannot " + what + ": " + e.getMessage()
          + " (not retryable; open the store again to create it, or create it yourself)", e, false);
    }
    if (e instanceof DynamoDbException x && x.awsErrorDetails() != null) {
      String code = x.awsErrorDetails().errorCode();
      String message = x.awsErrorDetails().errorMessage();
      if (CREDENTIALS.contains(code)) {
        return new StoreException(label + " refused the credentials: cannot " + what + ": " + code + ": " + message + "; "
            + CREDENTIALS_FIX + " (not retryable)", e, false);
      }
      boolean transient_ = TRANSIENT.contains(code) || x.statusCode() >= 500;
      return new StoreException(label + " answered with an error: cannot " + what + ": " + code + ": " + message
          + (transient_ ? unknown + " (retryable)" : " (not retryable)"), e, transient_);
    }
    if (e instanceof ApiCallTimeoutException) {
      return new StoreException(label + " did not answer in time: cannot " + what + unknown + " (retryable)", e, true);
    }
    String root = rootMessage(e);
    if (e instanceof SdkClientException && root.contains("credentials")) {
      return new StoreException(label + " has no credentials: cannot " + what + ": " + root + "; " + CREDENTIALS_FIX
          + " (not retryable)", e, false);
    }
    return new StoreException(label + " is unreachable: cannot " + what + ": " + root + unknown
        + " (retryable; is the DynamoDB endpoint up?)", e, true);
  }

  private void ensureTable(boolean create) {
    TableDescription t;
    try {
      t = call("describe table '" + table + "'", false, c -> c.describeTable(r -> r.tableName(table)).table());
    } catch (StoreException e) {
      if (!(e.getCause() instanceof ResourceNotFoundException) || !create) {
        throw e.getCause() instanceof ResourceNotFoundException
            ? new StoreException(label + " has no table '" + table + "'; create it with: " + createCommand() + " (not retryable)", e, false)
            : e;
      }
      t = createTable();
    }
    if (t.keySchema().size() != 2 || !t.keySchema().contains(KeySchemaElement.builder().attributeName(Layout.PK).keyType(KeyType.HASH).build())
        || !t.keySchema().contains(KeySchemaElement.builder().attributeName(Layout.SK).keyType(KeyType.RANGE).build())) {
      throw new StoreException(label + " has table '" + table + "' with key schema " + t.keySchema()
          + ", not pk (string, hash) and sk (string, range); use another table (not retryable)", null, false);
    }
  }

  private TableDescription createTable() {
    TableDescription t;
    try {
      t = call("create table '" + table + "'", true, c -> c.createTable(r -> r.tableName(table)
          .attributeDefinitions(AttributeDefinition.builder().attributeName(Layout.PK).attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName(Layout.SK).attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName(Layout.PK).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(Layout.SK).keyType(KeyType.RANGE).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription());
    } catch (StoreException e) {
      if (e.getMessage().contains("ResourceInUseException")) {
        t = call("describe table '" + table + "'", false, c -> c.describeTable(r -> r.tableName(table)).table());
      } else {
        throw new StoreException(e.getMessage() + "; without the right to create tables, create it with: " + createCommand(), e,
            e.retryable());
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    long pause = 50;
    while (t.tableStatus() != TableStatus.ACTIVE) {
      if (System.nanoTime() - deadline > 0) {
        throw new StoreException(label + " created table '" + table + "' but it is not active after 2 minutes: "
            + t.tableStatus() + " (retryable)", null, true);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException(label + " was interrupted while waiting for table '" + table + "'", e, true);
      }
      pause = Math.min(1000, pause * 2);
      t = call("describe table '" + table + "'", false, c -> c.describeTable(r -> r.tableName(table)).table());
    }
    return t;
  }

  private String createCommand() {
    return "aws dynamodb create-table --table-name " + table
        + " --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S"
        + " --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE --billing-mode PAY_PER_REQUEST";
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return root == e ? m : m + " (" + e.getMessage() + ")";
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
