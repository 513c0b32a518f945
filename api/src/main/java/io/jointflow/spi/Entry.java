package io.jointflow.spi;

/** A key with its versioned value, as returned by {@link StateStore#scan}. */
public record Entry(String key, Versioned value) {}
