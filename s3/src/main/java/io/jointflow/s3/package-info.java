/**
 * The {@code s3} blob store: blobs as objects in an Amazon S3 bucket or on an S3-compatible server,
 * through the AWS SDK v2 with its URLConnection HTTP client (no Netty, so the module can share a JVM
 * with the Redis store). {@link io.jointflow.s3.S3BlobStoreProvider} registers it with {@link
 * java.util.ServiceLoader} under the name {@code s3}; {@link io.jointflow.s3.S3Location} parses
 * {@code s3://BUCKET[/PREFIX][?region=..&endpoint=..]}.
 */
package io.jointflow.s3;
