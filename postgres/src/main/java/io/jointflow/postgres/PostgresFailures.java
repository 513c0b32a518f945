package io.jointflow.postgres;

import io.jointflow.spi.StoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Turns a JDBC or HikariCP failure into a {@link StoreException} that names the store and endpoint,
 * says what could not be done, and whether repeating it may work, by the SQLSTATE the server or the
 * driver gave (found anywhere in the cause chain).
 */
final class PostgresFailures {
  /** Refused credentials or missing rights: repeating cannot help. */
  private static final Set<String> REFUSED = Set.of("28P01", "28000", "08004", "42501");
  /** The server is shutting down, starting, recovering, or out of connections or memory. */
  private static final Set<String> TRANSIENT = Set.of("57P01", "57P02", "57P03", "53000", "53100", "53200", "53300",
      "55P03", "57014", "40001", "40P01");
  private final String label;
  private final Duration commandTimeout;

  PostgresFailures(String label, Duration commandTimeout) {
    this.label = label;
    this.commandTimeout = commandTimeout;
  }

  /** A serialization failure or deadlock: the server rolled the transaction back. */
  static boolean isConflict(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  /** The connection broke (SQLSTATE class 08) or the server ended the session (57P01 to 57P03). */
  static boolean isConnectionLoss(SQLException e) {
    String state = state(e);
    return state != null && (state.startsWith("08") || state.startsWith("57P")) && !REFUSED.contains(state);
  }

  /** The first SQLSTATE in the cause chain, or null. */
  static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }

  /**
   * The exception for a failure of {@code what}.
   *
   * @param write whether the operation writes: a broken connection leaves its outcome unknown
   * @param connecting whether it failed while getting a connection (then nothing was sent)
   */
  StoreException map(String what, boolean write, boolean connecting, Throwable e) {
    String unknown = write && !connecting ? "; it may or may not have taken effect" : "";
    String state = refusal(e);
    if (state != null) {
      return new StoreException(label + " refused access: cannot " + what + ": " + rootMessage(e) + " [" + state + "]"
          + "; give the user as ?user=USER and the password in " + PostgresStateStoreProvider.PASSWORD_VARIABLE
          + " or PGPASSWORD, and grant it CREATE on the database (not retryable)", e, false);
    }
    state = state(e);
    if ("3D000".equals(state)) {
      return new StoreException(label + " has no such database: cannot " + what + ": " + rootMessage(e)
          + "; create it (createdb) or name another one (not retryable)", e, false);
    }
    if (PostgresLink.isTimeout(e)) {
      return new StoreException(label + " did not answer within " + commandTimeout + ": cannot " + what + unknown
          + " (retryable)", e, true);
    }
    if (connecting || PostgresLink.isPoolTimeout(e)) {
      return new StoreException(label + " is unreachable: cannot " + what + ": " + rootMessage(e)
          + " (retryable; is PostgreSQL running there?)", e, true);
    }
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      return new StoreException(label + " lost its connection: cannot " + what + ": " + rootMessage(e) + unknown
          + " (retryable)", e, true);
    }
    if (state != null && (TRANSIENT.contains(state) || state.startsWith("53"))) {
      return new StoreException(label + " is busy or restarting: cannot " + what + ": " + rootMessage(e) + " [" + state + "]"
          + unknown + " (retryable)", e, true);
    }
    return new StoreException(label + " answered with an error: cannot " + what + ": " + rootMessage(e)
        + (state == null ? "" : " [" + state + "]") + " (not retryable)", e, false);
  }

  /** The SQLSTATE of a refusal anywhere in the chain, or null. */
  private static String refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && REFUSED.contains(s.getSQLState())) {
        return s.getSQLState();
      }
    }
    return null;
  }

  /** The deepest message in the chain: the driver's, not HikariCP's wrapper. */
  private static String rootMessage(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t instanceof SQLException && !(t.getCause() instanceof SQLException)) {
        break; // the driver's message; below it are socket details it already names
      }
    }
    return message != null ? PostgresLocation.redact(message.strip()) : e.getClass().getSimpleName();
  }
}
