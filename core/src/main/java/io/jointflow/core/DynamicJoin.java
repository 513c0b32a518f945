package io.jointflow.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.ObjRef;
import io.jointflow.spi.SetJoin;
import io.jointflow.spi.SetMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The dynamic-join primitive: a fan-in whose width arrives at run time in a control object.
 *
 * <p>Run scope: branches and the control share one ordered set, and the control's content is also
 * written beside it before the control joins the set. With width N the join completes exactly at
 * position N (N branches and the control): the arrival that lands there fires, whether it is the
 * control or the last branch.
 *
 * <p>Global scope: controls and branches arrive in separate sets across runs; round r takes the
 * branches at positions [S(r-1), S(r)) where S is the running sum of control widths, counted from
 * the base that trimming leaves ({@link Trims}). An arrival that sees round r complete claims it
 * (put-if-absent), and only the claimant fires.
 */
final class DynamicJoin {
  /** The width of a join: a count, or the branch keys in delivery order. */
  record Control(int count, List<String> keys) {}

  List<Firing> arrive(TriggerEngine.Scoped s, Trigger.DynamicJoin j, LiveObj o) {
    return s.trigger.scope() == Scope.GLOBAL ? global(s, j, o) : perRun(s, j, o);
  }

  /**
   * One store call per arrival ({@link TriggerEngine.Scoped#join}): the control puts the join's
   * width beside the set and joins it, a branch joins it and reads the width, and the arrival that
   * lands at the width's position gets the members with it. Across clouds a branch's arrival is
   * one round trip to the trigger state's cloud, not three (add, read the control, read the set).
   */
  private List<Firing> perRun(TriggerEngine.Scoped s, Trigger.DynamicJoin j, LiveObj o) {
    boolean isControl = o.key().equals(j.controlKey());
    Control control = null;
    if (isControl) {
      control = parse(s, o);
      if (s.app.exactlyOnce() && o.durableRef() instanceof ObjRef.Stored) {
        // a key list too large to travel inline: the completing branch reads it from here
        s.store.putIfAbsent(s.key + "/ctrl", Json.write(control));
      }
    }
    SetJoin r = s.join(s.key, o, widthKey(s.key), isControl ? control.count() : -1);
    if (r.width() < 0) {
      return List.of(); // the control has not arrived: it will complete the join, or a later branch
    }
    if (r.add().position() > r.width()) {
      throw new TerminalException("dynamic-join trigger '" + s.trigger.name() + "' on bucket '"
          + s.trigger.bucket() + "' got more than the " + r.width()
          + " branches its control announced (extra: '" + o.key() + "')");
    }
    if (!r.completed()) {
      return List.of();
    }
    List<ObjRef> branches = new ArrayList<>();
    for (ObjRef ref : s.resolve(r.members())) {
      if (!ref.info().key().equals(j.controlKey())) {
        branches.add(ref);
      } else if (control == null) {
        control = ref instanceof ObjRef.Stored
            ? Json.read(s.store.get(s.key + "/ctrl").orElseThrow().value(), Control.class)
            : parse(s, ref);
      }
    }
    return List.of(s.fire(order(s, control, branches), null, -1));
  }

  /** Where a run-scoped join's width (its control's count) is kept, beside its set. */
  static String widthKey(String set) {
    return set + "/width";
  }

  private List<Firing> global(TriggerEngine.Scoped s, Trigger.DynamicJoin j, LiveObj o) {
    String controls = s.key + "/c";
    String branchesKey = s.key + "/b";
    List<Long> candidates = new ArrayList<>();
    if (o.key().equals(j.controlKey())) {
      parse(s, o);
      long c = s.add(controls, o).position();
      Window w = window(s, controls);
      if (c >= w.base().next()) {
        long[] bounds = w.bounds(c, m -> width(s, m));
        if (!s.store.members(branchesKey, bounds[1] - 1, 1).isEmpty() || bounds[1] == bounds[0]) {
          candidates.add(c);
        }
      }
    } else {
      long b = s.add(branchesKey, o).position();
      Window w = window(s, controls);
      long start = w.base().start();
      for (SetMember m : w.controls()) {
        long end = start + width(s, m);
        if (b == end - 1) {
          candidates.add(m.position());
        }
        start = end;
      }
    }
    List<Firing> out = new ArrayList<>();
    for (long round : candidates) {
      String claim = s.key + "/claim/" + round;
      boolean mine = s.store.putIfAbsent(claim, o.id().getBytes(java.nio.charset.StandardCharsets.UTF_8))
          || s.store.get(claim).map(v -> new String(v.value(), java.nio.charset.StandardCharsets.UTF_8).equals(o.id()))
              .orElse(false);
      if (mine) {
        Window w = window(s, controls);
        long[] bounds = w.bounds(round, m -> width(s, m));
        Control control = parse(s, s.resolve(s.store.members(controls, round, 1)).get(0));
        List<ObjRef> branches = s.resolve(s.store.members(branchesKey, bounds[0], (int) (bounds[1] - bounds[0])));
        out.add(s.fire(order(s, control, branches), "j" + round, round));
      }
    }
    return out;
  }

  /**
   * The untrimmed controls and the base they count from: rounds before {@code base.next()} are
   * trimmed, and round {@code base.next()}'s branches start at {@code base.start()}.
   */
  private record Window(Trims.TrimRecord base, List<SetMember> controls) {
    /** [start, end) of the branches of round {@code round}. */
    long[] bounds(long round, java.util.function.ToIntFunction<SetMember> width) {
      long start = base.start();
      for (SetMember m : controls) {
        if (m.position() == round) {
          return new long[] {start, start + width.applyAsInt(m)};
        }
        start += width.applyAsInt(m);
      }
      throw new IllegalStateException("dynamic-join round " + round + " has no control");
    }
  }

  /**
   * Reads the base, then the controls from it; if a trim moved the base meanwhile (the first
   * control read is past it), reads again.
   */
  private Window window(TriggerEngine.Scoped s, String controls) {
    while (true) {
      Trims.TrimRecord base = Trims.read(s.store, s.key);
      List<SetMember> ctrl = s.store.members(controls, base.next(), Integer.MAX_VALUE);
      if (ctrl.isEmpty() || ctrl.get(0).position() == base.next()) {
        return new Window(base, ctrl);
      }
    }
  }

  int width(TriggerEngine.Scoped s, SetMember m) {
    return controlAt(s, m).count();
  }

  private Control controlAt(TriggerEngine.Scoped s, SetMember m) {
    return parse(s, s.resolve(List.of(m)).get(0));
  }

  private Control parse(TriggerEngine.Scoped s, ObjRef ref) {
    LiveObj obj = switch (ref) {
      case ObjRef.Local l -> (LiveObj) l.obj();
      case ObjRef.Inline in -> LiveObj.of(in.info(), java.nio.ByteBuffer.wrap(in.bytes()));
      case ObjRef.Stored st -> throw new TerminalException("dynamic-join control '" + st.info().id()
          + "' is too large; it holds a count or a list of keys");
    };
    return parse(s, obj);
  }

  /** Reads a control: {@code 4}, {@code "4"}, {@code ["a","b"]}, {@code {"count":4}} or {@code {"keys":[..]}}. */
  Control parse(TriggerEngine.Scoped s, LiveObj o) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(o.bytes());
    } catch (java.io.IOException | RuntimeException e) {
      n = null;
    }
    if (n != null && n.isObject()) {
      n = n.has("keys") ? n.get("keys") : n.get("count");
    }
    if (n != null && n.isTextual() && n.asText().matches("\\d+")) {
      return new Control(Integer.parseInt(n.asText()), null);
    }
    if (n != null && n.canConvertToInt() && n.isIntegralNumber() && n.asInt() >= 0) {
      return new Control(n.asInt(), null);
    }
    if (n != null && n.isArray()) {
      List<String> keys = new ArrayList<>();
      n.forEach(k -> keys.add(k.asText()));
      return new Control(keys.size(), keys);
    }
    throw new TerminalException("dynamic-join trigger '" + s.trigger.name() + "' on bucket '"
        + s.trigger.bucket() + "': control object '" + o.key() + "' must hold a branch count (4) or the branch keys ([\"a\",\"b\"]): "
        + abbreviate(o.text()));
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** Branch order: the control's key list, else the branch paths the fan-out assigned. */
  private List<ObjRef> order(TriggerEngine.Scoped s, Control control, List<ObjRef> branches) {
    List<ObjRef> sorted = new ArrayList<>(branches);
    if (control.keys() != null) {
      for (ObjRef b : sorted) {
        if (!control.keys().contains(b.info().key())) {
          throw new TerminalException("dynamic-join trigger '" + s.trigger.name() + "' got branch '"
              + b.info().key() + "' that its control does not list (keys: " + control.keys() + ")");
        }
      }
      sorted.sort(Comparator.comparingInt(b -> control.keys().indexOf(b.info().key())));
    } else {
      sorted.sort(BRANCH_ORDER);
    }
    return sorted;
  }

  static final Comparator<ObjRef> BRANCH_ORDER = (a, b) -> {
    List<Integer> x = a.info().branch();
    List<Integer> y = b.info().branch();
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Integer.compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(x.size(), y.size());
    return c != 0 ? c : a.info().key().compareTo(b.info().key());
  };
}
