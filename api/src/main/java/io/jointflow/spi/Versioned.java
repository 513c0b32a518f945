package io.jointflow.spi;

/**
 * A stored value and its version: 1 when created, +1 on every successful compare-and-set.
 *
 * @param value the bytes; callers must not modify them
 * @param version the version
 */
public record Versioned(byte[] value, long version) {}
