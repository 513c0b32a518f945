package io.jointflow.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what a class logs through {@code System.Logger} (backed by java.util.logging when no
 * other provider is installed), each record formatted with its parameters and exception.
 */
final class CapturedLog extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final SimpleFormatter format = new SimpleFormatter();

  CapturedLog(Class<?> type) {
    this.logger = Logger.getLogger(type.getName()); // held here, so the logger and its handler stay
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Every captured record in full: level, message, exception and its stack trace. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord r) {
    lines.add(format.format(r));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
