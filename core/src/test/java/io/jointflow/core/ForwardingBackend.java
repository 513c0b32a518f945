package io.jointflow.core;

import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;

/** A backend decorator for tests: passes everything on; override {@link #invokeAsync} to inject faults. */
class ForwardingBackend implements ComputeBackend {
  final ComputeBackend inner;

  ForwardingBackend(ComputeBackend inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void invokeAsync(String function, Envelope envelope) {
    inner.invokeAsync(function, envelope);
  }

  @Override
  public Health health() {
    return inner.health();
  }

  @Override
  public Limits limits() {
    return inner.limits();
  }

  @Override
  public Billing billing() {
    return inner.billing();
  }

  @Override
  public void close() {
    inner.close();
  }
}
