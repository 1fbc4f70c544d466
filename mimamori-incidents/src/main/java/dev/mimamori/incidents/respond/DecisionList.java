package dev.mimamori.incidents.respond;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The decisions served to CrowdSec bouncers, in memory. Decisions end at their {@code until} (by
 * the injected clock) or when deleted; each addition and each ending is numbered, so {@link
 * DecisionStream} can tell every bouncer what changed since its last pull. Ended decisions are
 * remembered for {@code keepEnded}, so a bouncer that pulls within that time misses no deletion;
 * one that comes back later is sent the full list again. Thread-safe.
 */
public final class DecisionList {
  /** How long ended decisions are kept for bouncers that have not pulled yet. */
  public static final Duration DEFAULT_KEEP_ENDED = Duration.ofHours(24);

  private static final class Entry {
    final Decision decision;
    final long added;
    long ended; // 0 while active
    Instant endedAt = Instant.EPOCH;

    Entry(Decision decision, long added) {
      this.decision = decision;
      this.added = added;
    }
  }

  /**
   * What changed after a cursor.
   *
   * @param cursor the cursor to pass next time
   * @param added decisions added after the cursor and still active
   * @param ended decisions active at the cursor that have ended since
   * @param active every active decision
   * @param complete false when history after the cursor was already forgotten
   */
  record Changes(
      long cursor,
      List<Decision> added,
      List<Decision> ended,
      List<Decision> active,
      boolean complete) {}

  private final Clock clock;
  private final Duration keepEnded;
  private final Map<Long, Entry> entries = new LinkedHashMap<>();
  private long seq;
  private long nextId = 1;
  private long forgottenThrough;

  public DecisionList(Clock clock) {
    this(clock, DEFAULT_KEEP_ENDED);
  }

  public DecisionList(Clock clock, Duration keepEnded) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keepEnded = Objects.requireNonNull(keepEnded, "keepEnded");
  }

  public Clock clock() {
    return clock;
  }

  /** Bans an address or network for {@code duration}. */
  public Decision ban(
      IpNet net, Duration duration, String scenario, String tenant, String incidentId) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a decision needs a positive duration");
    }
    synchronized (this) {
      Decision d =
          Decision.ban(nextId, net, clock.instant().plus(duration), scenario, tenant, incidentId);
      return add(d);
    }
  }

  /** Adds a decision made elsewhere; its id must be new. */
  public synchronized Decision add(Decision decision) {
    if (entries.containsKey(decision.id())) {
      throw new IllegalArgumentException("decision " + decision.id() + " exists already");
    }
    expire();
    entries.put(decision.id(), new Entry(decision, ++seq));
    nextId = Math.max(nextId, decision.id() + 1);
    return decision;
  }

  /** Ends a decision now; empty if there is no active decision with that id. */
  public synchronized Optional<Decision> delete(long id) {
    expire();
    Entry e = entries.get(id);
    if (e == null || e.ended != 0) {
      return Optional.empty();
    }
    end(e, clock.instant());
    return Optional.of(e.decision);
  }

  /** Ends every active decision that matches; returns them. */
  public synchronized List<Decision> deleteIf(Predicate<Decision> which) {
    expire();
    List<Decision> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.ended == 0 && which.test(e.decision)) {
        end(e, clock.instant());
        out.add(e.decision);
      }
    }
    return out;
  }

  /** The active decisions, oldest first. */
  public synchronized List<Decision> active() {
    expire();
    List<Decision> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.ended == 0) {
        out.add(e.decision);
      }
    }
    return out;
  }

  /** The active decisions the query matches, oldest first. */
  public List<Decision> find(DecisionQuery query) {
    return active().stream().filter(query::matches).toList();
  }

  /** Ends the decisions whose time is up and forgets those that ended long enough ago. */
  public synchronized void expire() {
    Instant now = clock.instant();
    List<Entry> due = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.ended == 0 && !e.decision.until().isAfter(now)) {
        due.add(e);
      }
    }
    due.sort((a, b) -> a.decision.until().compareTo(b.decision.until()));
    for (Entry e : due) {
      end(e, e.decision.until());
    }
    Instant forgetBefore = now.minus(keepEnded);
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.ended != 0 && e.endedAt.isBefore(forgetBefore)) {
        forgottenThrough = Math.max(forgottenThrough, e.ended);
        it.remove();
      }
    }
  }

  /** The cursor of the latest change. */
  synchronized long cursor() {
    expire();
    return seq;
  }

  /** What changed after {@code cursor}. */
  synchronized Changes changesSince(long cursor) {
    expire();
    List<Decision> added = new ArrayList<>();
    List<Decision> ended = new ArrayList<>();
    List<Decision> active = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.ended == 0) {
        active.add(e.decision);
        if (e.added > cursor) {
          added.add(e.decision);
        }
      } else if (e.ended > cursor && e.added <= cursor) {
        ended.add(e.decision);
      }
    }
    return new Changes(seq, added, ended, active, cursor >= forgottenThrough);
  }

  private void end(Entry e, Instant at) {
    e.ended = ++seq;
    e.endedAt = at;
  }
}
