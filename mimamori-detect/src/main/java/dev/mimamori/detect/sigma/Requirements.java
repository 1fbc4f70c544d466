package dev.mimamori.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a rule needs to match at all: clauses of field literals, each of which every matching event
 * satisfies by containing at least one of its literals, the strongest first. An AND needs every
 * clause of each of its parts (each part is necessary), an OR the union of its parts' strongest
 * clauses (unusable if any part has none), a NOT nothing. Null stands for "no usable literal": the
 * rule is then evaluated on every event.
 *
 * <p>Asking for every necessary clause, not only the strongest, is what keeps a rule such as "a
 * POST to a PHP file under an asset folder" from being evaluated on every request for an image: the
 * folder's words occur in half of a shop's requests, the method POST in few.
 */
final class Requirements {
  /** At most this many clauses per rule: the strongest, then further ones. */
  static final int MAX_CLAUSES = 4;

  /**
   * A further clause is checked on a candidate rule's event literal by literal (the strongest one
   * alone is in the automata), so only one of few literals is worth it.
   */
  static final int MAX_FURTHER_LITERALS = 4;

  private Requirements() {}

  static @Nullable List<List<FieldLiteral>> of(Condition c, List<Detection> ds) {
    List<List<FieldLiteral>> clauses = clauses(c, ds);
    if (clauses == null) {
      return null;
    }
    List<List<FieldLiteral>> sorted = new ArrayList<>(clauses);
    sorted.sort((a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0);
    List<List<FieldLiteral>> out = new ArrayList<>();
    for (List<FieldLiteral> clause : sorted) {
      if (out.size() < MAX_CLAUSES && (out.isEmpty() || clause.size() <= MAX_FURTHER_LITERALS)) {
        out.add(clause);
      }
    }
    return List.copyOf(out);
  }

  private static @Nullable List<List<FieldLiteral>> clauses(Condition c, List<Detection> ds) {
    if (c instanceof Condition.Ref r) {
      return detection(ds.get(r.index()));
    }
    if (c instanceof Condition.And a) {
      List<@Nullable List<List<FieldLiteral>>> parts = new ArrayList<>();
      for (Condition p : a.parts()) {
        parts.add(clauses(p, ds));
      }
      return all(parts);
    }
    if (c instanceof Condition.Or o) {
      List<@Nullable List<List<FieldLiteral>>> parts = new ArrayList<>();
      for (Condition p : o.parts()) {
        parts.add(clauses(p, ds));
      }
      return any(parts);
    }
    if (c instanceof Condition.AtLeast q) {
      List<@Nullable List<List<FieldLiteral>>> parts = new ArrayList<>();
      for (int r : q.refs()) {
        parts.add(detection(ds.get(r)));
      }
      // All of them: each is needed. At least one of them: one of them is.
      return q.min() >= q.refs().size() ? all(parts) : any(parts);
    }
    return null;
  }

  private static @Nullable List<List<FieldLiteral>> detection(Detection d) {
    List<@Nullable List<List<FieldLiteral>>> alts = new ArrayList<>();
    for (List<Item> alt : d.alternatives()) {
      List<@Nullable List<List<FieldLiteral>>> items = new ArrayList<>();
      for (Item i : alt) {
        items.add(item(i));
      }
      alts.add(all(items));
    }
    return any(alts);
  }

  private static @Nullable List<List<FieldLiteral>> item(Item i) {
    if (i.negated()) {
      return null;
    }
    List<@Nullable List<List<FieldLiteral>>> values = new ArrayList<>();
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
      values.add(any == null || any.isEmpty() ? null : List.of(List.copyOf(any)));
    }
    return i.all() ? all(values) : any(values);
  }

  /** Every one of several requirements holds: all their clauses, or none if none has any. */
  private static @Nullable List<List<FieldLiteral>> all(
      List<@Nullable List<List<FieldLiteral>>> needs) {
    Set<List<FieldLiteral>> out = new LinkedHashSet<>();
    for (List<List<FieldLiteral>> n : needs) {
      if (n != null) {
        out.addAll(n);
      }
    }
    return out.isEmpty() ? null : List.copyOf(out);
  }

  /**
   * One of several requirements holds: one clause, the union of each one's strongest clause, or
   * none if any is unusable.
   */
  private static @Nullable List<List<FieldLiteral>> any(
      List<@Nullable List<List<FieldLiteral>>> needs) {
    if (needs.size() == 1) {
      return needs.get(0);
    }
    Set<FieldLiteral> union = new LinkedHashSet<>();
    for (List<List<FieldLiteral>> n : needs) {
      if (n == null) {
        return null;
      }
      union.addAll(strongest(n));
    }
    return union.isEmpty() ? null : List.of(List.copyOf(union));
  }

  private static List<FieldLiteral> strongest(List<List<FieldLiteral>> clauses) {
    List<FieldLiteral> best = clauses.get(0);
    for (List<FieldLiteral> c : clauses) {
      if (better(c, best)) {
        best = c;
      }
    }
    return best;
  }

  /** The stronger clause: the longer shortest literal, then the fewer literals. */
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
}
