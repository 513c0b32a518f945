package io.jointflow.cloud;

import io.jointflow.app.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks across the parts of a {@link Clouds}: every cloud that the network and the faults
 * name exists, every cloud has an inside latency when any has, and every pair of clouds has
 * exactly one link. Paths are the keys of the clouds file; list items are numbered from 0.
 */
final class CloudsValidator {
  private final Check check = new Check();
  private final Set<String> known;
  private final String cloudList;

  /** @param known every cloud name, including clouds that could not be built (already reported) */
  private CloudsValidator(Set<String> known) {
    this.known = known;
    this.cloudList = known.isEmpty() ? "none defined" : String.join(", ", known);
  }

  static List<Problem> problems(Set<String> known, Map<String, CloudSpec> clouds, Network network,
      List<Fault> faults) {
    CloudsValidator v = new CloudsValidator(known);
    if (known.isEmpty()) {
      v.check.add("clouds", "a clouds definition needs at least one cloud under 'clouds'");
    }
    clouds.forEach((key, spec) -> {
      if (!key.equals(spec.name())) {
        v.check.add("clouds." + key, "clouds lists cloud '" + spec.name() + "' under the name '" + key + "'");
      }
    });
    v.inside(network.inside());
    v.links(network.links());
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (!known.contains(f.cloud())) {
        v.check.add("faults." + i + ".cloud", "fault #" + (i + 1) + " names unknown cloud '" + f.cloud()
            + "' (clouds: " + v.cloudList + ")");
      }
    }
    return v.check.problems();
  }

  private void inside(Map<String, Duration> inside) {
    inside.keySet().stream().filter(c -> !known.contains(c)).forEach(c ->
        check.add("network.inside." + c, "network inside names unknown cloud '" + c + "' (clouds: "
            + cloudList + ")"));
    if (!inside.isEmpty()) {
      known.stream().filter(c -> !inside.containsKey(c)).forEach(c ->
          check.add("network.inside", "network inside has no latency for cloud '" + c + "': give every"
              + " cloud one, or one duration for all (inside: 1ms)"));
    }
  }

  private void links(List<Link> links) {
    List<Link> seen = new ArrayList<>();
    for (int i = 0; i < links.size(); i++) {
      Link link = links.get(i);
      String a = link.between().get(0);
      String b = link.between().get(1);
      String what = "link between '" + a + "' and '" + b + "'";
      List<String> unknown = link.between().stream().distinct().filter(c -> !known.contains(c)).toList();
      if (!unknown.isEmpty()) {
        check.add("network.links." + i + ".between", what + " names unknown cloud"
            + (unknown.size() == 1 ? " '" + unknown.get(0) + "'" : "s '" + String.join("', '", unknown) + "'")
            + " (clouds: " + cloudList + ")");
      } else if (a.equals(b)) {
        check.add("network.links." + i + ".between", what + " joins a cloud to itself: a cloud's own"
            + " latency is network inside");
      } else if (seen.stream().anyMatch(l -> l.joins(a, b))) {
        check.add("network.links." + i, what + " is defined twice");
      }
      seen.add(link);
    }
    List<String> names = List.copyOf(known);
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        String a = names.get(i);
        String b = names.get(j);
        if (seen.stream().noneMatch(l -> l.joins(a, b))) {
          missing.add("[" + a + ", " + b + "]");
          if (!links.isEmpty()) {
            check.add("network.links", "network has no link between clouds '" + a + "' and '" + b
                + "': add {between: [" + a + ", " + b + "], latency: ...} to network links");
          }
        }
      }
    }
    // Without any link, one message instead of one per pair of clouds.
    if (links.isEmpty() && !missing.isEmpty()) {
      check.add("network.links", "network has no links: every pair of clouds needs one, with its"
          + " latency (missing: " + String.join(", ", missing) + ")");
    }
  }

  static String list(Collection<String> names) {
    return names.isEmpty() ? "none defined" : String.join(", ", names);
  }
}
