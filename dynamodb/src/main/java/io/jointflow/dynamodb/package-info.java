/**
 * The DynamoDB {@link io.jointflow.spi.StateStore}: {@link io.jointflow.dynamodb.DynamoStateStore}
 * keeps plain values, ordered sets, counters and lists as items of one table (layout in {@code
 * Layout}) and writes every batch as one {@code TransactWriteItems} call, so a batch is atomic and
 * isolated; any number of processes, hosts and clouds share one table. Opened by {@code --state
 * dynamodb://TABLE?region=R} through {@link io.jointflow.dynamodb.DynamoStateStoreProvider}; tuned by
 * {@link io.jointflow.dynamodb.DynamoOptions}. AWS SDK v2 with its URL-connection HTTP client: no
 * Netty, no Apache client.
 */
package io.jointflow.dynamodb;
