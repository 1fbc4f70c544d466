package dev.mimamori.incidents.oncall;

/**
 * How many messages one person gets per rolling hour at most, pages and summaries together.
 *
 * @param perPersonPerHour at least 1
 */
public record PageBudget(int perPersonPerHour) {
  public PageBudget {
    if (perPersonPerHour < 1) {
      throw new IllegalArgumentException(
          "per_person_per_hour must be at least 1, not " + perPersonPerHour);
    }
  }

  /** No limit. */
  public static PageBudget unlimited() {
    return new PageBudget(Integer.MAX_VALUE);
  }
}
