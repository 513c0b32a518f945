package io.jointflow.spi;

/**
 * A member of an ordered set, as returned by {@link StateStore#members}.
 *
 * @param position its 0-based insertion position
 * @param member the member id
 * @param value the bytes stored with it at insertion
 */
public record SetMember(long position, String member, byte[] value) {}
