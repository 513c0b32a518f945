package io.jointflow.examples.wordcount;

/**
 * One mapper's share of the text.
 *
 * @param mapper the mapper's number, 0 to mappers - 1: its control key is {@code ctrl:<mapper>}
 * @param reducers how many partitions to split the words into
 * @param text the text
 */
public record Chunk(int mapper, int reducers, String text) {}
