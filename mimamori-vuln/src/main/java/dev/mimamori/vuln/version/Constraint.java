package dev.mimamori.vuln.version;

import java.util.List;
import java.util.stream.Collectors;

/** A set of versions: Composer's {@code >=4.0.0,<4.0.6-p3 || =4.2.0} and friends. */
public sealed interface Constraint {
  boolean contains(Version v);

  /** Every version. */
  record Any() implements Constraint {
    @Override
    public boolean contains(Version v) {
      return true;
    }

    @Override
    public String toString() {
      return "*";
    }
  }

  /** One comparison with one version. */
  record Bound(Op op, Version version) implements Constraint {
    @Override
    public boolean contains(Version v) {
      int c = v.compareTo(version);
      return switch (op) {
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case EQ -> c == 0;
        case NE -> c != 0;
      };
    }

    @Override
    public String toString() {
      return op.symbol + version;
    }
  }

  /** Every part holds (Composer's comma or space). */
  record AllOf(List<Constraint> parts) implements Constraint {
    public AllOf {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean contains(Version v) {
      return parts.stream().allMatch(p -> p.contains(v));
    }

    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining(","));
    }
  }

  /** One of the parts holds (Composer's {@code ||}). */
  record AnyOf(List<Constraint> parts) implements Constraint {
    public AnyOf {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean contains(Version v) {
      return parts.stream().anyMatch(p -> p.contains(v));
    }

    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining("||"));
    }
  }

  /** A comparison operator. */
  enum Op {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("="),
    NE("!=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }
}
