package dev.mimamori.detect.sigma;

import org.jspecify.annotations.Nullable;

/**
 * A correlation's {@code condition}: comparisons of a count, AND-ed ({@code gt: 100, lte: 200} is a
 * range).
 */
public record CountCondition(
    @Nullable Long gt,
    @Nullable Long gte,
    @Nullable Long lt,
    @Nullable Long lte,
    @Nullable Long eq,
    @Nullable Long neq) {

  public static CountCondition atLeast(long n) {
    return new CountCondition(null, n, null, null, null, null);
  }

  public boolean test(long v) {
    return (gt == null || v > gt)
        && (gte == null || v >= gte)
        && (lt == null || v < lt)
        && (lte == null || v <= lte)
        && (eq == null || v == eq)
        && (neq == null || v != neq);
  }

  /**
   * Whether the condition, once true, stays true as the count grows: then it can fire the moment it
   * holds. Otherwise ({@code lt}, {@code lte}, {@code eq}, {@code neq}) only the closed window
   * knows the final count.
   */
  boolean monotone() {
    return lt == null && lte == null && eq == null && neq == null;
  }

  /** The count from which a monotone condition holds. */
  long threshold() {
    long t = 1;
    if (gt != null) {
      t = Math.max(t, gt + 1);
    }
    if (gte != null) {
      t = Math.max(t, gte);
    }
    return t;
  }

  /**
   * Past which count a non-monotone condition's answer no longer changes: counting further is not
   * needed.
   */
  long saturation() {
    long s = threshold();
    for (Long v : new Long[] {lt, lte, eq, neq}) {
      if (v != null) {
        s = Math.max(s, v + 1);
      }
    }
    return s;
  }
}
