package io.jointflow.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RuntimeObserver} that keeps the runtime safe from the one it wraps: what that throws is
 * caught, and the first such exception logged (later ones are dropped silently, so that a broken
 * observer cannot flood the log from every step).
 */
final class GuardedObserver implements RuntimeObserver {
  private static final System.Logger LOG = System.getLogger(GuardedObserver.class.getName());

  private final RuntimeObserver delegate;
  private final AtomicBoolean logged = new AtomicBoolean();

  private GuardedObserver(RuntimeObserver delegate) {
    this.delegate = delegate;
  }

  /** {@code observer} guarded; {@link RuntimeObserver#NONE} as is (nothing to guard). */
  static RuntimeObserver of(RuntimeObserver observer) {
    return observer == NONE || observer instanceof GuardedObserver ? observer : new GuardedObserver(observer);
  }

  private void failed(String call, RuntimeException e) {
    if (logged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "runtime observer " + delegate.getClass().getName() + " failed in " + call
          + "; this and later failures of it are ignored (logged once)", e);
    }
  }

  @Override
  public void handlerStarted(String app, String function, String cloud) {
    try {
      delegate.handlerStarted(app, function, cloud);
    } catch (RuntimeException e) {
      failed("handlerStarted", e);
    }
  }

  @Override
  public void handlerEnded(String app, String function, String cloud, Outcome outcome, long nanos, long bytesIn,
      long bytesOut) {
    try {
      delegate.handlerEnded(app, function, cloud, outcome, nanos, bytesIn, bytesOut);
    } catch (RuntimeException e) {
      failed("handlerEnded", e);
    }
  }

  @Override
  public void storeCalled(String cloud, StoreCall kind) {
    try {
      delegate.storeCalled(cloud, kind);
    } catch (RuntimeException e) {
      failed("storeCalled", e);
    }
  }

  @Override
  public void failedOver(String app, String function, String from, String to) {
    try {
      delegate.failedOver(app, function, from, to);
    } catch (RuntimeException e) {
      failed("failedOver", e);
    }
  }
}
