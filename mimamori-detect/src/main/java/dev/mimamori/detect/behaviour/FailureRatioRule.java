package dev.mimamori.detect.behaviour;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.detect.rules.FieldCondition;
import dev.mimamori.detect.rules.FieldWords;
import dev.mimamori.model.Event;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fires when one group (a tenant's shop, narrowed by {@code group_by}) has made at least {@code
 * min_attempts} attempts within {@code window} of event time and at least {@code min_failure_ratio}
 * of them failed: card testing (many payments, most declined), where a burst of attempts alone
 * could be a busy day.
 *
 * <p>An outcome is often not on the attempt's own line: EC-CUBE logs a payment error as a line of
 * its own after the attempt, and an access log shows a payment that went through only as the
 * browser's next request, for the order-complete page. So a rule names either its {@code failure}
 * lines or its {@code success} lines (failures are then the attempts without one); a line may be
 * both an attempt and a failure.
 *
 * <p>Counts are kept in ten slots per group, so the window is exact to a tenth of its length and a
 * shop-wide group taking thousands of attempts costs what one taking ten does. The alert carries
 * the attempts and outcomes of the window, the most recent {@code max_evidence}, the trigger last;
 * afterwards the group starts afresh and stays silent for the rule's {@code suppress}. At most
 * {@link #MAX_GROUPS} groups and {@link #MAX_HELD} evidence events are held in all.
 */
public final class FailureRatioRule implements CompiledRule, Bounded {
  static final int MAX_GROUPS = 100_000;
  static final int MAX_HELD = 100_000;
  private static final int SLOTS = 10;

  /**
   * The rule file's settings.
   *
   * @param attempt conditions of an attempt (e.g. a POST to the checkout route)
   * @param success conditions of a line showing an attempt succeeded (give this or failure)
   * @param failure conditions of a line showing an attempt failed (give this or success)
   * @param groupBy fields whose values make a group, besides tenant and shop; none: the whole shop
   * @param minAttempts attempts needed within the window before the ratio is judged
   * @param minFailureRatio the share of failed attempts (0 to 1) that fires the rule
   * @param window how far back in event time attempts are counted
   * @param maxEvidence how many lines an alert carries at most (default 500)
   */
  public record Config(
      @Nullable List<FieldCondition> attempt,
      @Nullable List<FieldCondition> success,
      @Nullable List<FieldCondition> failure,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          @Nullable List<String> groupBy,
      @Nullable Integer minAttempts,
      @Nullable Double minFailureRatio,
      @Nullable Duration window,
      @Nullable Integer maxEvidence) {}

  private static final class Group extends BoundedGroups.Group {
    final long[] slotEpoch = new long[SLOTS];
    final int[] attempts = new int[SLOTS];
    final int[] outcomes = new int[SLOTS];
    final Evidence evidence;

    Group(int maxEvidence) {
      this.evidence = new Evidence(maxEvidence, false);
      java.util.Arrays.fill(slotEpoch, Long.MIN_VALUE);
    }

    void reset() {
      java.util.Arrays.fill(slotEpoch, Long.MIN_VALUE);
      java.util.Arrays.fill(attempts, 0);
      java.util.Arrays.fill(outcomes, 0);
      evidence.clear();
    }

    @Override
    boolean clearForReuse() {
      reset();
      evidence.reset();
      return true;
    }
  }

  private final RuleMeta meta;
  private final @Nullable Gate gate;
  private final Conditions attempt;
  private final Conditions outcome;
  private final boolean outcomeIsFailure;
  private final List<String> groupBy;
  private final int minAttempts;
  private final double minFailureRatio;
  private final long window;
  private final long slot;
  private final int maxEvidence;
  private final long quiet;
  private final BoundedGroups<Group> groups = new BoundedGroups<>(MAX_GROUPS, MAX_HELD);

  public FailureRatioRule(RuleMeta meta, Config config) {
    if (config.attempt() == null || config.attempt().isEmpty()) {
      throw new IllegalArgumentException("a failure-ratio rule needs conditions under 'attempt'");
    }
    boolean hasSuccess = config.success() != null && !config.success().isEmpty();
    boolean hasFailure = config.failure() != null && !config.failure().isEmpty();
    if (hasSuccess == hasFailure) {
      throw new IllegalArgumentException(
          "a failure-ratio rule needs conditions under exactly one of 'success' and 'failure'");
    }
    if (config.minAttempts() == null
        || config.minAttempts() < 1
        || config.minAttempts() > 1_000_000) {
      throw new IllegalArgumentException("'min_attempts' must be between 1 and 1000000");
    }
    if (config.minFailureRatio() == null
        || !(config.minFailureRatio() > 0 && config.minFailureRatio() <= 1)) {
      throw new IllegalArgumentException(
          "'min_failure_ratio' must be above 0 and at most 1 (e.g. 0.8)");
    }
    this.meta = meta;
    this.attempt = new Conditions(config.attempt());
    this.outcome = new Conditions(hasFailure ? config.failure() : config.success());
    this.outcomeIsFailure = hasFailure;
    this.gate = FieldWords.either(attempt.words(), outcome.words());
    this.groupBy = GroupKey.canonical(Settings.groupBy(config.groupBy()));
    this.minAttempts = config.minAttempts();
    this.minFailureRatio = config.minFailureRatio();
    this.window = Settings.window(config.window(), "window");
    this.slot = Math.max(1, window / SLOTS);
    this.maxEvidence = Settings.maxEvidence(config.maxEvidence());
    this.quiet = meta.suppress().toMillis();
  }

  @Override
  public RuleMeta meta() {
    return meta;
  }

  /** Spares the rule the events that lack the words its conditions need (null: none). */
  @Override
  public @Nullable Gate gate() {
    return gate;
  }

  @Override
  public @Nullable Requirement requiredValue() {
    return Requirement.either(attempt.requirements(), outcome.requirements());
  }

  @Override
  public List<Event> evaluate(EventView view) {
    boolean isAttempt = attempt.test(view);
    boolean isOutcome = outcome.test(view);
    if (!isAttempt && !isOutcome) {
      return List.of();
    }
    Event e = view.event();
    String value = GroupKey.value(e, groupBy);
    if (value == null) {
      return List.of();
    }
    long t = e.timestamp().toEpochMilli();
    String shop = GroupKey.shop(e);
    Group g = groups.find(shop, value);
    if (g == null) {
      g = groups.add(shop, value, () -> new Group(maxEvidence), t - window, t);
    }
    if (g.seen(t, window)) {
      g.reset();
    }
    if (t < g.quietUntil) {
      return List.of();
    }
    long epoch = Math.floorDiv(t, slot);
    int i = (int) Math.floorMod(epoch, (long) SLOTS);
    if (g.slotEpoch[i] < epoch) {
      g.slotEpoch[i] = epoch;
      g.attempts[i] = 0;
      g.outcomes[i] = 0;
    }
    if (g.slotEpoch[i] == epoch) { // an event older than the window finds its slot reused
      g.attempts[i] += isAttempt ? 1 : 0;
      g.outcomes[i] += isOutcome ? 1 : 0;
    }
    g.evidence.expire(t - window);
    g.evidence.add(e);
    if (isAttempt || outcomeIsFailure) {
      long attempts = 0;
      long outcomes = 0;
      for (int k = 0; k < SLOTS; k++) {
        if (g.slotEpoch[k] > epoch - SLOTS) {
          attempts += g.attempts[k];
          outcomes += g.outcomes[k];
        }
      }
      long failures = outcomeIsFailure ? outcomes : Math.max(0, attempts - outcomes);
      if (attempts >= minAttempts && failures >= minFailureRatio * attempts) {
        List<Event> evidence = g.evidence.withTrigger(e);
        g.reset();
        if (quiet > 0) {
          g.quietUntil = t + quiet;
        }
        groups.update(g, 0);
        return evidence;
      }
    }
    groups.update(g, g.evidence.size());
    groups.trim(g);
    return List.of();
  }

  @Override
  public int groupCount() {
    return groups.size();
  }

  @Override
  public long heldUnits() {
    return groups.held();
  }

  @Override
  public int maxGroups() {
    return MAX_GROUPS;
  }

  @Override
  public long maxHeld() {
    return MAX_HELD;
  }
}
