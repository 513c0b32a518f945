package io.jointflow.sqlite;

import io.jointflow.spi.WriteOp;
import java.sql.SQLException;
import java.util.List;

/**
 * An atomic batch on the writer connection: runs inside the writer's per-write savepoint, so a
 * failed condition throws {@link ConditionFailed} and the writer rolls back every operation of the
 * batch, while the other writes of the same group commit go on.
 */
final class SqliteBatch implements SqliteWriter.Write<Boolean> {
  /** The condition of operation {@code index} failed; thrown to roll the batch back. */
  static final class ConditionFailed extends RuntimeException {
    final int index;

    ConditionFailed(int index) {
      super("condition of batch operation " + index + " failed", null, false, false);
      this.index = index;
    }
  }

  private final List<WriteOp> ops;

  SqliteBatch(List<WriteOp> ops) {
    this.ops = ops;
  }

  @Override
  public Boolean apply(SqliteConnection c) throws SQLException {
    for (int i = 0; i < ops.size(); i++) {
      if (!apply(c, ops.get(i))) {
        throw new ConditionFailed(i);
      }
    }
    return true;
  }

  private static boolean apply(SqliteConnection c, WriteOp op) throws SQLException {
    return switch (op) {
      case WriteOp.PutIfAbsent p -> SqliteTables.insertIfAbsent(c, p.key(), p.value());
      case WriteOp.RequireAbsent r -> SqliteTables.get(c, r.key()).isEmpty();
      case WriteOp.CompareAndSet s -> s.expectedVersion() == 0
          ? SqliteTables.insertIfAbsent(c, s.key(), s.value())
          : SqliteTables.replace(c, s.key(), s.expectedVersion(), s.value());
      case WriteOp.Delete d -> {
        SqliteTables.delete(c, d.key());
        yield true;
      }
      case WriteOp.AddToSet a -> SqliteTables.addToSetBounded(c, a.key(), a.member(), a.value(), a.limit());
      case WriteOp.RemoveFromSet r -> {
        SqliteTables.removeFromSet(c, r.key(), r.members());
        yield true;
      }
      case WriteOp.Increment n -> {
        if (SqliteTables.counter(c, n.key()) + n.delta() > n.max()) {
          yield false;
        }
        SqliteTables.increment(c, n.key(), n.delta());
        yield true;
      }
    };
  }

  /** A short description for error messages. */
  String describe() {
    return "write a batch of " + ops.size() + " operations" + (ops.isEmpty() ? "" : " (first key '" + ops.get(0).key() + "')");
  }
}
