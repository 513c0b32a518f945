package io.jointflow.planner;

import io.jointflow.app.App;
import io.jointflow.app.BucketSpec;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.TriggerSpec;
import io.jointflow.cloud.Placement;
import io.jointflow.definition.AppDefinitions;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Puts a placement into an app: into its model ({@link #apply}) or into its YAML text ({@link #rewrite}). */
public final class Placements {
  private Placements() {}

  /**
   * The same app with each function's placement replaced by {@code placement}'s (functions it omits
   * keep theirs); trigger states stay as the app names them.
   */
  public static App apply(App app, Map<String, List<String>> placement) {
    return apply(app, placement, null);
  }

  /** The same app placed as {@code plan} says: its functions' clouds and its trigger states (the rule's where it names none). */
  public static App apply(App app, Plan plan) {
    return apply(app, plan.placement(), plan.triggerState());
  }

  /**
   * @param triggerState the state cloud of each trigger by bucket/trigger, {@code null} for the rule's
   *     (a map); {@code null} to keep the app's
   */
  private static App apply(App app, Map<String, List<String>> placement, Map<String, String> triggerState) {
    App.Builder b = App.builder(app.name()).mode(app.mode()).entry(app.entry()).result(app.result())
        .placement(app.placement().toArray(String[]::new));
    for (FunctionSpec f : app.functions().values()) {
      List<String> clouds = placement.getOrDefault(f.name(), f.placement());
      b.functionSpec(f.name(), x -> {
        if (f.handler() != null) {
          x.handler(f.handler());
        } else {
          x.handlerClass(f.handlerClass());
        }
        x.outputs(f.outputs().toArray(String[]::new)).concurrency(f.concurrency()).maxAttempts(f.maxAttempts())
            .timeout(f.timeout()).placement(clouds.toArray(String[]::new));
        f.config().forEach(x::config);
        if (f.profile() != null) {
          x.profile(f.profile());
        }
      });
    }
    for (BucketSpec bucket : app.buckets().values()) {
      b.bucket(bucket.name(), bb -> {
        for (TriggerSpec t : bucket.triggers()) {
          bb.trigger(t.name(), tb -> {
            tb.target(t.target()).type(t.type()).scope(t.scope()).maxFires(t.maxFires())
                .state(triggerState == null ? t.state() : triggerState.get(bucket.name() + "/" + t.name()));
            if (t.when() != null) {
              tb.when(t.when().source());
            }
            if (t.rerun() != null) {
              tb.rerun(t.rerun().source(), t.rerun().timeout());
            }
          });
        }
      });
    }
    return b.build();
  }

  private static final Pattern FLOW = Pattern.compile("placement:\\s*\\[[^\\]]*\\]");

  /**
   * The text of an app definition (YAML) with each planned function's {@code placement} replaced or
   * added, checked by loading the result: its placement must be the planned one.
   *
   * @param baseDir the definition's directory (for its jars and input files)
   * @throws PlanException if the text's layout defeats the rewrite (then edit the placement by hand)
   */
  public static String rewrite(String yaml, Map<String, List<String>> placement, Path baseDir, ClassLoader handlers) {
    return rewrite(yaml, placement, null, baseDir, handlers);
  }

  /**
   * The text of an app definition (YAML) placed as {@code plan} says: each function's {@code
   * placement}, and a {@code state} on each trigger the plan keeps away from the placement rule's
   * cloud (removed from the others), checked by loading the result.
   *
   * @throws PlanException if the text's layout defeats the rewrite (then edit the placement by hand)
   */
  public static String rewrite(String yaml, Plan plan, Path baseDir, ClassLoader handlers) {
    return rewrite(yaml, plan.placement(), plan.triggerState(), baseDir, handlers);
  }

  private static String rewrite(String yaml, Map<String, List<String>> placement, Map<String, String> triggerState,
      Path baseDir, ClassLoader handlers) {
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    int functions = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("functions:\\s*(#.*)?")) {
        functions = i;
        break;
      }
    }
    if (functions < 0) {
      throw new PlanException("the app definition has no top-level 'functions:' block the planner can rewrite; put the"
          + " placement in by hand");
    }
    for (Map.Entry<String, List<String>> e : placement.entrySet()) {
      String list = "placement: [" + String.join(", ", e.getValue()) + "]";
      Pattern key = Pattern.compile("^(\\s+)" + Pattern.quote(e.getKey()) + ":(.*)$");
      int at = -1;
      String indent = null;
      for (int i = functions + 1; i < lines.size(); i++) {
        if (!lines.get(i).isBlank() && !Character.isWhitespace(lines.get(i).charAt(0)) && !lines.get(i).startsWith("#")) {
          break; // the next top-level key
        }
        Matcher m = key.matcher(lines.get(i));
        if (m.matches()) {
          at = i;
          indent = m.group(1);
          break;
        }
      }
      if (at < 0) {
        throw new PlanException("function '" + e.getKey() + "' was not found in the definition's functions block");
      }
      String line = lines.get(at);
      String rest = line.substring(line.indexOf(':', indent.length()) + 1).trim();
      if (rest.startsWith("{")) {
        Matcher m = FLOW.matcher(line);
        lines.set(at, m.find() ? m.replaceFirst(Matcher.quoteReplacement(list))
            : line.replaceFirst("\\{\\s*", Matcher.quoteReplacement("{" + list + ", ")));
        continue;
      }
      int child = at + 1;
      String childIndent = indent + "  ";
      boolean done = false;
      for (int i = at + 1; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.isBlank() || l.trim().startsWith("#")) {
          continue;
        }
        int width = l.length() - l.stripLeading().length();
        if (width <= indent.length()) {
          break;
        }
        if (i == at + 1 || child == at + 1) {
          childIndent = l.substring(0, width);
          child = i;
        }
        if (l.stripLeading().startsWith("placement:")) {
          int j = i + 1;
          while (j < lines.size() && lines.get(j).stripLeading().startsWith("- ")
              && lines.get(j).length() - lines.get(j).stripLeading().length() > width - 1) {
            lines.remove(j); // a block list under placement:
          }
          lines.set(i, l.substring(0, width) + list);
          done = true;
          break;
        }
      }
      if (!done) {
        lines.add(at + 1, childIndent + list);
      }
    }
    if (triggerState != null) {
      App before = AppDefinitions.load(new StringReader(yaml), "definition", baseDir, handlers).app();
      for (BucketSpec bucket : before.buckets().values()) {
        for (TriggerSpec t : bucket.triggers()) {
          String want = triggerState.get(bucket.name() + "/" + t.name());
          if (!java.util.Objects.equals(want, t.state())) {
            setState(lines, bucket.name(), t.name(), want);
          }
        }
      }
    }
    String out = String.join("\n", lines);
    App loaded = AppDefinitions.load(new StringReader(out), "planned definition", baseDir, handlers).app();
    Map<String, List<String>> got = Placement.of(loaded).functions();
    placement.forEach((f, clouds) -> {
      if (!clouds.equals(got.get(f))) {
        throw new PlanException("rewriting the definition gave function '" + f + "' placement " + got.get(f)
            + " instead of " + clouds + "; put the placement in by hand");
      }
    });
    if (triggerState != null) {
      for (BucketSpec bucket : loaded.buckets().values()) {
        for (TriggerSpec t : bucket.triggers()) {
          String want = triggerState.get(bucket.name() + "/" + t.name());
          if (!java.util.Objects.equals(want, t.state())) {
            throw new PlanException(stateByHand(bucket.name(), t.name(), want));
          }
        }
      }
    }
    return out;
  }

  private static final Pattern FLOW_STATE = Pattern.compile(",\\s*state:\\s*[^,}]*");

  /**
   * Sets (or, for {@code null}, removes) the {@code state} of one trigger written as a flow mapping
   * on its own line ({@code - {name: join, ...}}) or as a block mapping ({@code - name: join}, its
   * keys below) under the bucket's key in the {@code buckets} block.
   */
  private static void setState(List<String> lines, String bucket, String trigger, String cloud) {
    int buckets = -1;
    for (int i = 0; i < lines.size() && buckets < 0; i++) {
      buckets = lines.get(i).matches("buckets:\\s*(#.*)?") ? i : -1;
    }
    Pattern key = Pattern.compile("^(\\s+)" + Pattern.quote(bucket) + ":\\s*(#.*)?$");
    Pattern flow = Pattern.compile("^\\s*-\\s*\\{\\s*name:\\s*" + Pattern.quote(trigger) + "\\s*[,}].*$");
    Pattern block = Pattern.compile("^(\\s*-\\s*)name:\\s*" + Pattern.quote(trigger) + "\\s*(#.*)?$");
    int at = -1;
    int indent = -1;
    for (int i = buckets + 1; buckets >= 0 && i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) {
        break; // the next top-level key
      }
      Matcher m = key.matcher(l);
      if (indent < 0 && m.matches()) {
        indent = m.group(1).length();
        continue;
      }
      if (indent >= 0 && !l.isBlank() && l.length() - l.stripLeading().length() <= indent) {
        break; // the next bucket
      }
      if (indent >= 0 && (flow.matcher(l).matches() || block.matcher(l).matches())) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      throw new PlanException(stateByHand(bucket, trigger, cloud));
    }
    String line = lines.get(at);
    Matcher b = block.matcher(line);
    if (!b.matches()) {
      String without = FLOW_STATE.matcher(line).replaceFirst("");
      int close = without.lastIndexOf('}');
      lines.set(at, cloud == null ? without : without.substring(0, close) + ", state: " + cloud + without.substring(close));
      return;
    }
    String keys = " ".repeat(b.group(1).length());
    int i = at + 1;
    for (; i < lines.size() && lines.get(i).startsWith(keys) && !lines.get(i).substring(keys.length()).startsWith(" ")
        && !lines.get(i).isBlank(); i++) {
      if (lines.get(i).stripLeading().startsWith("state:")) {
        if (cloud == null) {
          lines.remove(i);
        } else {
          lines.set(i, keys + "state: " + cloud);
        }
        return;
      }
    }
    if (cloud != null) {
      lines.add(at + 1, keys + "state: " + cloud);
    }
  }

  private static String stateByHand(String bucket, String trigger, String cloud) {
    return "the definition's layout defeats writing the state of trigger '" + trigger + "' on bucket '" + bucket + "'; "
        + (cloud == null ? "remove its 'state' by hand" : "put 'state: " + cloud + "' on it by hand");
  }

  /** The placement as a YAML fragment in the app format, for pasting under each function. */
  public static String fragment(Map<String, List<String>> placement) {
    StringBuilder b = new StringBuilder("functions:\n");
    placement.forEach((f, clouds) -> b.append("  ").append(f).append(": {placement: [")
        .append(String.join(", ", clouds)).append("]}\n"));
    return b.toString();
  }

  /** The plan as a YAML fragment: the placement, then a comment per trigger state to set by hand. */
  public static String fragment(Plan plan) {
    StringBuilder b = new StringBuilder(fragment(plan.placement()));
    plan.triggerState().forEach((key, cloud) -> b.append("# bucket ").append(key, 0, key.indexOf('/'))
        .append(", trigger ").append(key.substring(key.indexOf('/') + 1)).append(": state: ").append(cloud).append('\n'));
    return b.toString();
  }
}
