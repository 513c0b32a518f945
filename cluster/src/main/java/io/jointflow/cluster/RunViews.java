package io.jointflow.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jointflow.core.FunctionSummary;
import io.jointflow.core.RunInfo;
import io.jointflow.core.Span;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The gateway's JSON: a run's snapshot and its spans with cost and makespan. */
final class RunViews {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private RunViews() {}

  static ObjectNode run(RunInfo info) {
    ObjectNode n = JSON.createObjectNode();
    n.put("runId", info.runId());
    n.put("app", info.app());
    n.put("status", info.status().name());
    n.put("startedAt", iso(info.startedAt()));
    n.put("endedAt", iso(info.endedAt()));
    if (info.result() != null) {
      n.put("result", text(info.result()));
      n.put("resultBase64", Base64.getEncoder().encodeToString(info.result()));
    }
    n.put("failure", info.failure());
    ArrayNode fs = n.putArray("functions");
    for (FunctionSummary f : info.functions()) {
      fs.addObject().put("function", f.function()).put("instances", f.instances())
          .put("timeMillis", f.time().toNanos() / 1e6).put("bytesIn", f.bytesIn()).put("bytesOut", f.bytesOut());
    }
    return n;
  }

  /** Spans in invocation order, makespan (first queued to last ended) and cost by cloud. */
  static ObjectNode spans(String runId, List<Span> spans) {
    ObjectNode n = JSON.createObjectNode();
    n.put("runId", runId);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    Map<String, double[]> byCloud = new TreeMap<>();
    ArrayNode arr = JSON.createArrayNode();
    for (Span s : spans) {
      first = Math.min(first, s.queued().toEpochMilli());
      last = Math.max(last, s.ended().toEpochMilli());
      double[] c = byCloud.computeIfAbsent(s.cloud(), k -> new double[3]);
      c[0] += s.computeCost();
      c[1] += s.storeCost();
      c[2] += s.egressCost();
      arr.addObject().put("instance", s.instance()).put("function", s.function()).put("cloud", s.cloud())
          .put("queuedAt", iso(s.queued())).put("startedAt", iso(s.started())).put("endedAt", iso(s.ended()))
          .put("coldStart", s.coldStart()).put("handlerMillis", s.handler().toNanos() / 1e6)
          .put("billedMillis", s.billed().toNanos() / 1e6).put("memory", s.memory())
          .put("bytesIn", s.bytesIn()).put("bytesOut", s.bytesOut()).put("storeReads", s.storeReads())
          .put("storeWrites", s.storeWrites()).put("egressBytes", s.egressBytes()).put("cost", s.cost());
    }
    n.put("makespanMillis", spans.isEmpty() ? 0 : last - first);
    ObjectNode cost = n.putObject("cost");
    double total = 0;
    ObjectNode clouds = cost.putObject("byCloud");
    for (var e : byCloud.entrySet()) {
      double[] c = e.getValue();
      clouds.putObject(e.getKey()).put("compute", c[0]).put("store", c[1]).put("egress", c[2]).put("total", c[0] + c[1] + c[2]);
      total += c[0] + c[1] + c[2];
    }
    cost.put("total", total);
    n.set("spans", arr);
    return n;
  }

  /** UTF-8 text, or null when the bytes are not valid UTF-8 (the base64 form then carries them). */
  static String text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
