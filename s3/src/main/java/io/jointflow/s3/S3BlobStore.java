package io.jointflow.s3;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.StoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in an S3 bucket (configuration name {@code s3}): one object per blob, under
 * the location's prefix. Works with Amazon S3 and with S3-compatible servers (the client sends no
 * aws-chunked bodies and computes checksums only where an operation requires them, which such
 * servers need).
 *
 * <p>{@link #putIfAbsent} asks whether the object exists ({@code HEAD}), then writes it with {@code
 * If-None-Match: *}: Amazon S3 refuses that write with 412 when the key exists, so of concurrent
 * writers exactly one wins, and an object is visible only once it is complete. A server that ignores
 * the header (s3rver does) accepts every writer that passed the {@code HEAD} at the same time: each
 * is told it stored, the last one's bytes remain, and readers during the race may see a partial
 * object. In Jointflow such writers carry the same bytes (see {@code docs/s3.md}), so
 * only the outcome flag is wrong there. {@link #deletePrefix} lists and deletes in batches of 1000;
 * it is not atomic, and a blob stored under the prefix meanwhile may survive it.
 *
 * <p>Failures throw {@link StoreException} naming the store and the endpoint: retryable for
 * connection problems, throttling, 5xx and rejected credentials (fix the environment and the run
 * resumes), not retryable for a request S3 calls invalid. Thread safe.
 */
public final class S3BlobStore implements BlobStore {
  private static final int PAGE = 1000;

  private final S3Location location;
  private final S3Client client;
  private volatile boolean closed;

  private S3BlobStore(S3Location location, S3Client client) {
    this.location = location;
    this.client = client;
  }

  /**
   * Opens the store; does not contact S3 (the first operation does).
   *
   * @param credentials where the client gets its keys, e.g. {@code DefaultCredentialsProvider}
   * @throws StoreException if no region can be found
   */
  public static S3BlobStore open(S3Location location, AwsCredentialsProvider credentials) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(credentials, "credentials");
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(credentials)
        .forcePathStyle(location.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
    if (location.endpoint() != null) {
      builder.endpointOverride(location.endpoint());
    }
    if (location.region() != null) {
      builder.region(Region.of(location.region()));
    } else if (System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null) {
      builder.region(Region.US_EAST_1); // the SDK would fail without one; S3 redirects a global bucket name
    }
    try {
      return new S3BlobStore(location, builder.build());
    } catch (SdkException e) {
      throw new StoreException("blob store 's3' " + location + " cannot be opened: " + e.getMessage()
          + "; give ?region=... in the location or set AWS_REGION", e, false);
    }
  }

  @Override
  public String name() {
    return "s3";
  }

  /** Where the blobs are. */
  public S3Location location() {
    return location;
  }

  @Override
  public boolean putIfAbsent(String key, ByteBuffer data) {
    checkKey(key);
    Objects.requireNonNull(data, "data");
    checkOpen();
    String objectKey = location.objectKey(key);
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    if (exists(objectKey)) {
      return false;
    }
    try {
      client.putObject(r -> r.bucket(location.bucket()).key(objectKey).ifNoneMatch("*")
          .contentLength((long) bytes.length).contentType("application/octet-stream"), RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        return false; // another writer stored it first
      }
      if (e.statusCode() == 409) {
        // ConditionalRequestConflict: a concurrent conditional write is in progress; S3 asks to retry.
        throw failure("put blob '" + key + "'", e, true);
      }
      throw failure("put blob '" + key + "'", e, null);
    } catch (SdkException e) {
      throw failure("put blob '" + key + "'", e, null);
    }
  }

  private boolean exists(String objectKey) {
    try {
      client.headObject(r -> r.bucket(location.bucket()).key(objectKey));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
        return false; // HEAD has no body, so S3 cannot say NoSuchKey
      }
      throw failure("look up blob '" + location.blobKey(objectKey) + "'", e, null);
    } catch (SdkException e) {
      throw failure("look up blob '" + location.blobKey(objectKey) + "'", e, null);
    }
  }

  @Override
  public Optional<ByteBuffer> get(String key) {
    checkKey(key);
    checkOpen();
    try {
      ResponseBytes<GetObjectResponse> bytes =
          client.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.objectKey(key)));
      return Optional.of(ByteBuffer.wrap(bytes.asByteArrayUnsafe()).asReadOnlyBuffer());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("get blob '" + key + "'", e, null);
    }
  }

  @Override
  public long deletePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    String objectPrefix = location.prefix().isEmpty() ? prefix : location.prefix() + "/" + prefix;
    long deleted = 0;
    try {
      String token = null;
      do {
        String t = token;
        ListObjectsV2Response page = client.listObjectsV2(ListObjectsV2Request.builder()
            .bucket(location.bucket()).prefix(objectPrefix).maxKeys(PAGE).continuationToken(t).build());
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (S3Object o : page.contents()) {
          ids.add(ObjectIdentifier.builder().key(o.key()).build());
        }
        if (!ids.isEmpty()) {
          DeleteObjectsResponse r = client.deleteObjects(d -> d.bucket(location.bucket())
              .delete(Delete.builder().objects(ids).quiet(true).build()));
          if (r.hasErrors() && !r.errors().isEmpty()) {
            var first = r.errors().getFirst();
            throw new StoreException("blob store 's3' " + location + " could not delete " + r.errors().size()
                + " blobs under '" + prefix + "', e.g. '" + first.key() + "': " + first.code() + " " + first.message(),
                null, true);
          }
          deleted += ids.size();
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw failure("delete blobs under '" + prefix + "'", e, null);
    }
    return deleted;
  }

  /** Closes the HTTP client; later calls throw a non-retryable {@link StoreException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    client.close();
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + location + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("blob store 's3' " + location + " is closed", null, false);
    }
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.startsWith("/")) {
      throw new IllegalArgumentException("blob key '" + key + "' is empty or absolute; keys look like 'run/bucket/object'");
    }
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /**
   * A {@link StoreException} naming the store, the endpoint and the cause; {@code retryable} null
   * decides from the failure: no answer, throttling, 5xx and rejected credentials are retryable.
   */
  private StoreException failure(String what, SdkException e, Boolean retryable) {
    String detail;
    boolean retry;
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String c = code(s3);
      detail = status + " " + (c != null ? c : "") + (s3.awsErrorDetails() != null
          && s3.awsErrorDetails().errorMessage() != null ? " (" + s3.awsErrorDetails().errorMessage() + ")" : "");
      retry = status >= 500 || status == 429 || status == 408 || status == 403 || "NoSuchBucket".equals(c);
      if (status == 403) {
        detail += "; check the credentials (the SDK chain, or the variables credentials-env names)";
      } else if ("NoSuchBucket".equals(c)) {
        detail += "; create the bucket";
      }
    } else if (e instanceof SdkClientException) {
      detail = "no answer (" + e.getMessage() + ")";
      retry = true;
    } else {
      detail = e.getMessage();
      retry = e.retryable();
    }
    return new StoreException("blob store 's3' " + location + " could not " + what + ": " + detail, e,
        retryable != null ? retryable : retry);
  }
}
