package dev.mimamori.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a rule needs to match at all: a set of field literals of which every matching event contains
 * at least one. An AND takes the best of its parts' needs (any one part's need is necessary), an OR
 * the union of them (unusable if any part has none), a NOT has none. Null stands for "no usable
 * literal": the rule is then evaluated on every event.
 */
final class Requirements {
  private Requirements() {}

  static @Nullable List<FieldLiteral> of(Condition c, List<Detection> ds) {
    if (c instanceof Condition.Ref r) {
      return detection(ds.get(r.index()));
    }
    if (c instanceof Condition.And a) {
      List<@Nullable List<FieldLiteral>> parts = new ArrayList<>();
      for (Condition p : a.parts()) {
        parts.add(of(p, ds));
      }
      return best(parts);
    }
    if (c instanceof Condition.Or o) {
      List<@Nullable List<FieldLiteral>> parts = new ArrayList<>();
      for (Condition p : o.parts()) {
        parts.add(of(p, ds));
      }
      return union(parts);
    }
    if (c instanceof Condition.AtLeast q) {
      List<@Nullable List<FieldLiteral>> parts = new ArrayList<>();
      for (int r : q.refs()) {
        parts.add(detection(ds.get(r)));
      }
      // All of them: each is needed. At least one of them: one of them is.
      return q.min() >= q.refs().size() ? best(parts) : union(parts);
    }
    return null;
  }

  private static @Nullable List<FieldLiteral> detection(Detection d) {
    List<@Nullable List<FieldLiteral>> alts = new ArrayList<>();
    for (List<Item> alt : d.alternatives()) {
      List<@Nullable List<FieldLiteral>> items = new ArrayList<>();
      for (Item i : alt) {
        items.add(item(i));
      }
      alts.add(best(items));
    }
    return union(alts);
  }

  private static @Nullable List<FieldLiteral> item(Item i) {
    if (i.negated()) {
      return null;
    }
    List<@Nullable List<FieldLiteral>> values = new ArrayList<>();
    for (List<ValueTest> tests : i.values()) {
      List<FieldLiteral> any = new ArrayList<>();
      for (ValueTest t : tests) {
        List<String> lits = t.literals();
        if (lits == null) {
          any = null;
          break;
        }
        for (String l : lits) {
          any.add(new FieldLiteral(i.field(), l));
        }
      }
      values.add(any);
    }
    return i.all() ? best(values) : union(values);
  }

  /** The strongest of several needs, each of which is necessary: longest shortest literal. */
  private static @Nullable List<FieldLiteral> best(List<@Nullable List<FieldLiteral>> needs) {
    List<FieldLiteral> best = null;
    for (List<FieldLiteral> n : needs) {
      if (n != null && (best == null || better(n, best))) {
        best = n;
      }
    }
    return best;
  }

  private static boolean better(List<FieldLiteral> a, List<FieldLiteral> b) {
    int ma = shortest(a);
    int mb = shortest(b);
    return ma != mb ? ma > mb : a.size() < b.size();
  }

  private static int shortest(List<FieldLiteral> n) {
    int m = Integer.MAX_VALUE;
    for (FieldLiteral l : n) {
      m = Math.min(m, l.literal().length());
    }
    return m;
  }

  /** One of several needs holds: their union, or none if any is unusable. */
  private static @Nullable List<FieldLiteral> union(List<@Nullable List<FieldLiteral>> needs) {
    Set<FieldLiteral> all = new LinkedHashSet<>();
    for (List<FieldLiteral> n : needs) {
      if (n == null) {
        return null;
      }
      all.addAll(n);
    }
    return all.isEmpty() ? null : List.copyOf(all);
  }
}
