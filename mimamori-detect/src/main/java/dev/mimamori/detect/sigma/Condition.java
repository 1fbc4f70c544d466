package dev.mimamori.detect.sigma;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * A rule's {@code condition}, parsed ({@link ConditionParser}) and resolved to the indexes of its
 * search identifiers.
 */
sealed interface Condition
    permits Condition.Ref, Condition.And, Condition.Or, Condition.Not, Condition.AtLeast {

  /** Evaluates with {@code detection} telling whether search identifier i matched. */
  boolean eval(IntPredicate detection);

  record Ref(int index) implements Condition {
    @Override
    public boolean eval(IntPredicate d) {
      return d.test(index);
    }
  }

  record And(List<Condition> parts) implements Condition {
    @Override
    public boolean eval(IntPredicate d) {
      for (Condition c : parts) {
        if (!c.eval(d)) {
          return false;
        }
      }
      return true;
    }
  }

  record Or(List<Condition> parts) implements Condition {
    @Override
    public boolean eval(IntPredicate d) {
      for (Condition c : parts) {
        if (c.eval(d)) {
          return true;
        }
      }
      return false;
    }
  }

  record Not(Condition inner) implements Condition {
    @Override
    public boolean eval(IntPredicate d) {
      return !inner.eval(d);
    }
  }

  /**
   * {@code 1 of x*}, {@code all of them}, {@code N of x*}: at least {@code min} of {@code refs}.
   */
  record AtLeast(int min, List<Integer> refs) implements Condition {
    @Override
    public boolean eval(IntPredicate d) {
      int hits = 0;
      int left = refs.size();
      for (int r : refs) {
        if (d.test(r) && ++hits >= min) {
          return true;
        }
        if (hits + --left < min) {
          return false;
        }
      }
      return hits >= min;
    }
  }
}
