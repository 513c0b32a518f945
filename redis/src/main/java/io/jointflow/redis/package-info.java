/**
 * The Redis {@link io.jointflow.spi.StateStore}: {@link io.jointflow.redis.RedisStateStore} keeps
 * plain values, ordered sets, counters and lists in Redis hashes, sorted sets, strings and lists
 * under a key prefix, with one sorted-set index per kind for ordered scans and prefix deletes, and
 * runs every write as one Lua script, so a batch is atomic and isolated; several processes and hosts
 * share one server. Opened by {@code --state redis://HOST:PORT} through {@link
 * io.jointflow.redis.RedisStateStoreProvider}; tuned by {@link io.jointflow.redis.RedisOptions}.
 *
 * <p>Cost: one exactly-once step's batch is one round trip and one {@code EVALSHA} of {@code
 * batch.lua}, which reads each key its conditions need and writes a few hash fields and index
 * entries per operation, so its server time grows with the batch (about a microsecond or two per
 * operation) while the round trip and, with {@code appendfsync always}, the fsync dominate: expect
 * about one round trip plus one fsync per batch, and concurrent batches that arrive in the same
 * event-loop round share their fsync. Nothing was measured here yet; {@code bench} can run its
 * store benchmarks against it.
 */
package io.jointflow.redis;
