package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * Sends a sealed model from its data center's cloud: emits it into bucket {@code wire}, whose
 * trigger invokes the receiver on the destination's cloud. Built by a worker (no-arg constructor),
 * it serves the job its {@code fl} config names.
 */
public final class SendFunction implements Handler {
  private final Site fixed;

  /** For a worker: the site is the job of the function's {@code fl} config. */
  public SendFunction() {
    this(null);
  }

  SendFunction(Site site) {
    this.fixed = site;
  }

  @Override
  public Object handle(Call call) {
    Site site = fixed != null ? fixed : Site.of(call);
    call.emit("wire", "model", site.sent(call));
    return null;
  }
}
