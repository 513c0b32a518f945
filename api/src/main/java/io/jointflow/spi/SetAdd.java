package io.jointflow.spi;

/**
 * The outcome of {@link StateStore#addToSetAndGet}.
 *
 * @param position the member's 0-based position in insertion order (its first insertion, if it was
 *     already present)
 * @param added true if this call inserted the member
 */
public record SetAdd(long position, boolean added) {}
