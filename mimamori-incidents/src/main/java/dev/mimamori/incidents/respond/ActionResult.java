package dev.mimamori.incidents.respond;

import java.util.Objects;

/**
 * What an action did.
 *
 * @param changed whether anything changed (false when it was already in place, and for a dry run)
 * @param summary one line for the incident's timeline
 */
public record ActionResult(boolean changed, String summary) {
  public static final String DRY_RUN = "dry run: ";

  public ActionResult {
    Objects.requireNonNull(summary, "summary");
  }

  /** The result of a dry run: nothing changed; the summary says what would have been done. */
  public static ActionResult dryRun(String wouldDo) {
    return new ActionResult(false, DRY_RUN + wouldDo);
  }

  public boolean isDryRun() {
    return summary.startsWith(DRY_RUN);
  }
}
