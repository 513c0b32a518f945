/**
 * The embedded durable {@link io.jointflow.spi.StateStore}: {@link
 * io.jointflow.sqlite.SqliteStateStore} keeps plain values, ordered sets, counters and lists in
 * native tables of one SQLite file (WAL journal, a full fsync per commit), funnels every write
 * through one writer thread that commits all waiting writes in one transaction (group commit, so
 * concurrent runs share fsyncs), reads through a small pool of connections, and lets several
 * processes share the file through SQLite's own locking.
 */
package io.jointflow.sqlite;
