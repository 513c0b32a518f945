package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * Runs one operation of a data center's agent in the worker of its cloud (app {@code fl-agent-D}):
 * create, start, a job's end, a timer, or a read of the models it serves. The agent's record is in
 * that cloud's state store; the result is the operation's effects ({@link Wire#result}), for the
 * driver to apply. The job's fl.yaml is the function's {@code fl} config.
 */
public final class AgentFunction implements Handler {
  /** Built by a worker. */
  public AgentFunction() {}

  @Override
  public Object handle(Call call) {
    WorkerSite site = (WorkerSite) Site.of(call);
    return site.operate(call, Wire.op(call.input().bytes(), site.setup()));
  }
}
