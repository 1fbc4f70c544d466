package dev.mimamori.vuln.advisory;

import dev.mimamori.vuln.version.Constraint;
import dev.mimamori.vuln.version.Constraint.AllOf;
import dev.mimamori.vuln.version.Constraint.Any;
import dev.mimamori.vuln.version.Constraint.AnyOf;
import dev.mimamori.vuln.version.Constraint.Bound;
import dev.mimamori.vuln.version.Constraint.Op;
import dev.mimamori.vuln.version.Version;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds ranges from the pieces that structured sources give (bounds, events). */
final class Ranges {
  private Ranges() {}

  static Constraint between(
      @Nullable Version from, boolean fromInclusive, @Nullable Version to, boolean toInclusive) {
    List<Constraint> parts = new ArrayList<>();
    if (from != null) {
      parts.add(new Bound(fromInclusive ? Op.GE : Op.GT, from));
    }
    if (to != null) {
      parts.add(new Bound(toInclusive ? Op.LE : Op.LT, to));
    }
    if (parts.isEmpty()) {
      return new Any();
    }
    return parts.size() == 1 ? parts.get(0) : new AllOf(parts);
  }

  static Constraint anyOf(List<Constraint> parts) {
    return parts.size() == 1 ? parts.get(0) : new AnyOf(parts);
  }

  /** The fix versions a range implies: its exclusive upper bounds. */
  static List<Version> exclusiveUppers(Constraint c) {
    List<Version> out = new ArrayList<>();
    collect(c, out);
    return out;
  }

  private static void collect(Constraint c, List<Version> out) {
    if (c instanceof Bound b) {
      if (b.op() == Op.LT) {
        out.add(b.version());
      }
    } else if (c instanceof AllOf a) {
      a.parts().forEach(p -> collect(p, out));
    } else if (c instanceof AnyOf a) {
      a.parts().forEach(p -> collect(p, out));
    }
  }
}
