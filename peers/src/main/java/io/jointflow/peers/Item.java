package io.jointflow.peers;

/**
 * An object passed through the centralized orchestrator: its bucket, key and encoded value
 * ({@code byte[]} and strings as is, other values as JSON, as Jointflow encodes them).
 */
public record Item(String bucket, String key, byte[] value) {}
