package dev.mimamori.detect.behaviour;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.detect.rules.FieldCondition;
import dev.mimamori.model.Event;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fires when a shop sees far more distinct sources in one {@code bucket} of event time (a minute by
 * default) than it usually does: at least {@code factor} times its baseline and at least {@code
 * floor}. A distributed flood is many addresses at once, each of which may stay under any
 * per-address rate; what gives it away is the number of them against what this shop is used to.
 *
 * <p>The baseline is an exponentially weighted mean of the distinct count per bucket, per tenant
 * and shop, with the given {@code half_life}; empty buckets count as zero. During the shop's first
 * {@code warmup} (default: one half-life) the baseline is the plain mean of the buckets seen, and
 * only a surge of {@code factor} times the floor fires, so a busy shop is not called under attack
 * the first time it is seen. After that a bucket is folded in at most at the alert threshold: an
 * attack raises the baseline only slowly (a lasting change of traffic is learnt within some
 * half-lives), and a quiet shop decays towards zero, where the floor alone decides.
 *
 * <p>Distinct values are counted with a 1 KiB {@link DistinctCounter} per shop; the alert carries
 * the first {@code max_evidence} events of the bucket and the trigger. After an alert the shop
 * stays silent for the rule's {@code suppress}. At most {@link #MAX_GROUPS} shops are kept, and
 * {@link #MAX_HELD} evidence events in all (beyond that an alert carries fewer lines; no shop is
 * dropped for it).
 */
public final class SurgeRule implements CompiledRule, Bounded {
  static final int MAX_GROUPS = 10_000;
  static final int MAX_HELD = 100_000;

  /**
   * The rule file's settings.
   *
   * @param match conditions an event must meet to be counted; none: every event
   * @param distinct the field whose distinct values are counted (default {@code source.ip})
   * @param bucket the length of one count (default 1m)
   * @param halfLife how fast the baseline forgets (default 1h)
   * @param factor how many times the baseline a bucket must reach (default 5)
   * @param floor the least distinct count that fires, whatever the baseline
   * @param warmup how long a shop is watched before its baseline is trusted (default: half_life)
   * @param maxEvidence how many events an alert carries at most (default 500)
   */
  public record Config(
      @Nullable List<FieldCondition> match,
      @Nullable String distinct,
      @Nullable Duration bucket,
      @Nullable Duration halfLife,
      @Nullable Double factor,
      @Nullable Integer floor,
      @Nullable Duration warmup,
      @Nullable Integer maxEvidence) {}

  private static final class Shop extends BoundedGroups.Group {
    final DistinctCounter counter = new DistinctCounter();
    final Evidence evidence;
    long bucket = Long.MIN_VALUE;

    /** Buckets folded into the baseline, empty ones included. */
    long closed;

    double baseline;
    boolean fired;

    Shop(int maxEvidence) {
      this.evidence = new Evidence(maxEvidence, true);
    }
  }

  private final RuleMeta meta;
  private final @Nullable Gate gate;
  private final Conditions match;
  private final String distinct;
  private final long bucket;
  private final double alpha;
  private final double factor;
  private final int floor;
  private final int maxEvidence;
  private final long quiet;
  private final long idle;
  private final long warmupBuckets;
  private final BoundedGroups<Shop> shops = new BoundedGroups<>(MAX_GROUPS, MAX_HELD);

  public SurgeRule(RuleMeta meta, Config config) {
    Duration b = config.bucket() == null ? Duration.ofMinutes(1) : config.bucket();
    Duration h = config.halfLife() == null ? Duration.ofHours(1) : config.halfLife();
    double f = config.factor() == null ? 5.0 : config.factor();
    if (config.distinct() != null && config.distinct().isBlank()) {
      throw new IllegalArgumentException("'distinct' must name a field");
    }
    if (!(f > 1 && f <= 1000)) {
      throw new IllegalArgumentException("'factor' must be above 1 and at most 1000");
    }
    if (config.floor() == null || config.floor() < 2) {
      throw new IllegalArgumentException("'floor' is needed: at least 2 distinct values");
    }
    this.meta = meta;
    this.match = new Conditions(config.match());
    this.gate = match.words();
    this.distinct = config.distinct() == null ? "source.ip" : config.distinct();
    this.bucket = Settings.window(b, "bucket");
    long halfLife = Settings.window(h, "half_life");
    if (halfLife < bucket) {
      throw new IllegalArgumentException("'half_life' must be at least one 'bucket'");
    }
    this.alpha = 1 - Math.pow(2, -(double) bucket / halfLife);
    long warmup = config.warmup() == null ? halfLife : config.warmup().toMillis();
    if (warmup < 0 || warmup > Settings.MAX_WINDOW.toMillis()) {
      throw new IllegalArgumentException("'warmup' must be between 0s and 1d");
    }
    this.warmupBuckets = warmup / bucket;
    this.factor = f;
    this.floor = config.floor();
    this.maxEvidence = Settings.maxEvidence(config.maxEvidence());
    this.quiet = meta.suppress().toMillis();
    // After ten half-lives a baseline is below a thousandth of what it was: nothing to keep.
    this.idle = 10 * halfLife;
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
    return match.requirement();
  }

  @Override
  public List<Event> evaluate(EventView view) {
    if (!match.test(view)) {
      return List.of();
    }
    Event e = view.event();
    String value = e.field(distinct);
    if (value == null) {
      return List.of();
    }
    long t = e.timestamp().toEpochMilli();
    String shop = GroupKey.shop(e);
    Shop s = shops.find(shop, "");
    if (s == null) {
      s = shops.add(shop, "", () -> new Shop(maxEvidence), t - idle, t);
    }
    boolean rewound = s.seen(t, bucket);
    long epoch = Math.floorDiv(t, bucket);
    if (s.bucket == Long.MIN_VALUE || rewound) {
      // an older file after a newer one: its minutes are counted afresh, against the same baseline
      startBucket(s, epoch);
    } else if (epoch > s.bucket) {
      roll(s, epoch);
    }
    boolean grew = s.counter.add(value);
    if (!s.fired && shops.held() < MAX_HELD) {
      // Over the budget, evidence stops growing; shops are never dropped for it (their baselines
      // are what the rule is about).
      s.evidence.add(e);
    }
    if (!grew || s.fired || t < s.quietUntil || s.counter.estimate() < threshold(s)) {
      shops.update(s, s.evidence.size());
      return List.of();
    }
    s.fired = true;
    List<Event> evidence = s.evidence.withTrigger(e);
    s.evidence.clear();
    if (quiet > 0) {
      s.quietUntil = t + quiet;
    }
    shops.update(s, 0);
    return evidence;
  }

  private double threshold(Shop s) {
    if (s.closed < warmupBuckets) {
      return factor * floor;
    }
    return Math.max(floor, factor * s.baseline);
  }

  /** Closes the shop's bucket into its baseline, and the empty buckets up to {@code epoch}. */
  private void roll(Shop s, long epoch) {
    double count = s.counter.estimate();
    fold(s, s.closed < warmupBuckets ? count : Math.min(count, threshold(s)));
    long empty = epoch - s.bucket - 1;
    while (empty > 0 && s.closed < warmupBuckets) {
      fold(s, 0);
      empty--;
    }
    if (empty > 0) {
      s.baseline *= Math.pow(1 - alpha, Math.min(empty, 1_000_000));
      s.closed += empty;
    }
    startBucket(s, epoch);
  }

  private static void startBucket(Shop s, long epoch) {
    s.bucket = epoch;
    s.counter.clear();
    s.evidence.clear();
    s.fired = false;
  }

  /** One bucket into the baseline: the plain mean while warming up, then the weighted one. */
  private void fold(Shop s, double observed) {
    s.closed++;
    s.baseline += Math.max(alpha, 1.0 / s.closed) * (observed - s.baseline);
  }

  @Override
  public int groupCount() {
    return shops.size();
  }

  @Override
  public long heldUnits() {
    return shops.held();
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
