/**
 * The Redis {@link io.jointflow.spi.StateStore}: {@link io.jointflow.redis.RedisStateStore} keeps
 * plain values, ordered sets, counters and lists in Redis hashes, sorted sets, strings and lists
 * under a key prefix, with one sorted-set index per kind for ordered scans and prefix deletes, and
 * runs every write as one Lua script, so a batch is atomic and isolated; several processes and hosts
 * share one server. Opened by {@code --state redis://HOST:PORT} through {@link
 * io.jointflow.redis.RedisStateStoreProvider}; tuned by {@link io.jointflow.redis.RedisOptions}.
 *
 * <p>Cost: one exactly-once step's batch is one round trip and one {@code EVALSHA} of {@code
 * batch.lua}, which reads the keys its conditions need and then writes a hash and an index entry or
 * two per operation; with {@code appendfsync always} the server fsyncs once per event-loop round,
 * shared by the batches that arrived in it. So a step's small batch costs about what a bare
 * put-if-absent costs, and the script's own time only shows for wide batches. Informally, on the
 * shared 2-core development VM while other builds loaded it (2,000 sequential calls of each kind,
 * not a benchmark; {@code bench} measures SQLite only): a bare put-if-absent 0.45 to 0.65 ms and a 3-operation batch 0.48 to 0.55 ms with
 * {@code appendfsync always} (0.25 to 0.4 ms for either without fsync), a 256-operation batch 4 to
 * 7 ms (about 20 us per operation).
 */
package io.jointflow.redis;
