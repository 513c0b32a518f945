package io.jointflow.postgres;

import io.jointflow.spi.WriteOp;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch as the arguments of the {@code batch} function in {@code schema.sql}: one array per
 * column, one element per operation, so that the whole batch is one statement, one round trip and
 * one transaction.
 */
final class PostgresBatch {
  private static final int PUT_IF_ABSENT = 1;
  private static final int COMPARE_AND_SET = 2;
  private static final int REQUIRE_ABSENT = 3;
  private static final int DELETE = 4;
  private static final int ADD_TO_SET = 5;
  private static final int REMOVE_FROM_SET = 6;
  private static final int INCREMENT = 7;

  private final Integer[] kinds;
  private final byte[][] keys;
  private final byte[][] values;
  private final Long[] nums;
  private final Long[] maxes;
  private final byte[][] members;
  private final List<byte[]> removed = new ArrayList<>();

  PostgresBatch(List<WriteOp> ops) {
    int n = ops.size();
    kinds = new Integer[n];
    keys = new byte[n][];
    values = new byte[n][];
    nums = new Long[n];
    maxes = new Long[n];
    members = new byte[n][];
    for (int i = 0; i < n; i++) {
      WriteOp op = ops.get(i);
      keys[i] = utf8(op.key());
      nums[i] = 0L;
      maxes[i] = 0L;
      switch (op) {
        case WriteOp.PutIfAbsent p -> {
          kinds[i] = PUT_IF_ABSENT;
          values[i] = p.value();
        }
        case WriteOp.CompareAndSet s -> {
          kinds[i] = s.expectedVersion() == 0 ? PUT_IF_ABSENT : COMPARE_AND_SET;
          values[i] = s.value();
          nums[i] = s.expectedVersion();
        }
        case WriteOp.RequireAbsent r -> kinds[i] = REQUIRE_ABSENT;
        case WriteOp.Delete d -> kinds[i] = DELETE;
        case WriteOp.AddToSet a -> {
          kinds[i] = ADD_TO_SET;
          members[i] = utf8(a.member());
          values[i] = a.value();
          nums[i] = a.limit();
        }
        case WriteOp.RemoveFromSet r -> {
          kinds[i] = REMOVE_FROM_SET;
          nums[i] = (long) r.members().size();
          r.members().forEach(m -> removed.add(utf8(m)));
        }
        case WriteOp.Increment inc -> {
          kinds[i] = INCREMENT;
          nums[i] = inc.delta();
          maxes[i] = inc.max();
        }
      }
    }
  }

  /**
   * Runs the batch.
   *
   * @return -1 if it committed, the index of the first failed condition, or {@code -2 - index} if
   *     the counter of operation {@code index} would leave 64 bits (nothing written in either case)
   */
  int run(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + schema + ".batch(?, ?, ?, ?, ?, ?, ?)")) {
      ps.setArray(1, c.createArrayOf("int4", kinds));
      ps.setArray(2, c.createArrayOf("bytea", keys));
      ps.setArray(3, c.createArrayOf("bytea", values));
      ps.setArray(4, c.createArrayOf("int8", nums));
      ps.setArray(5, c.createArrayOf("int8", maxes));
      ps.setArray(6, c.createArrayOf("bytea", members));
      ps.setArray(7, c.createArrayOf("bytea", removed.toArray(new byte[0][])));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
