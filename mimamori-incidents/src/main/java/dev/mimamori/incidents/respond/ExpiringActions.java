package dev.mimamori.incidents.respond;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries actions out and undoes them when their {@link ActionRequest#ttl()} runs out, for actions
 * whose target cannot expire by itself (a file, a row, a cloud IP set). Call {@link #undoDue()}
 * periodically. An undo that fails for a temporary reason is tried again on the next call; one that
 * fails for good is reported and dropped. The schedule is held in memory: after a restart, what was
 * scheduled stays in place until undone by hand (the timeline's summaries say what to undo).
 * Thread-safe.
 */
public final class ExpiringActions {

  /** An action in place, and when it is due to be undone. */
  public record Scheduled(ResponseAction action, ActionRequest request, Instant due) {
    public Scheduled {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(due, "due");
    }
  }

  /**
   * What an undo that was due did: its result, or the error when it failed.
   *
   * @param retrying whether it stays scheduled for another try
   */
  public record Undone(
      Scheduled scheduled,
      @Nullable ActionResult result,
      @Nullable ActionException error,
      boolean retrying) {}

  private final Clock clock;
  private final List<Scheduled> scheduled = new ArrayList<>();

  public ExpiringActions(Clock clock) {
    this.clock = clock;
  }

  /**
   * Executes the request; when it has a ttl, the action changed something and it does not expire by
   * itself, schedules its undo. A dry run is never scheduled.
   */
  public ActionResult execute(ResponseAction action, ActionRequest request) throws ActionException {
    ActionResult r = action.execute(request);
    if (r.changed() && !request.dryRun() && request.ttl() != null && !action.expiresByItself()) {
      synchronized (scheduled) {
        scheduled.add(new Scheduled(action, request, clock.instant().plus(request.ttl())));
      }
    }
    return r;
  }

  /** Undoes the request now and forgets any undo scheduled for it. */
  public ActionResult undo(ResponseAction action, ActionRequest request) throws ActionException {
    ActionResult r = action.undo(request);
    if (!request.dryRun()) {
      synchronized (scheduled) {
        scheduled.removeIf(s -> s.action() == action && sameTarget(s.request(), request));
      }
    }
    return r;
  }

  /** Undoes every action whose time has come, oldest first. */
  public List<Undone> undoDue() {
    Instant now = clock.instant();
    List<Scheduled> due = new ArrayList<>();
    synchronized (scheduled) {
      for (Scheduled s : scheduled) {
        if (!s.due().isAfter(now)) {
          due.add(s);
        }
      }
      scheduled.removeAll(due);
    }
    due.sort(Comparator.comparing(Scheduled::due));
    List<Undone> out = new ArrayList<>();
    List<Scheduled> again = new ArrayList<>();
    for (Scheduled s : due) {
      try {
        out.add(new Undone(s, s.action().undo(s.request()), null, false));
      } catch (ActionException e) {
        out.add(new Undone(s, null, e, e.temporary()));
        if (e.temporary()) {
          again.add(s);
        }
      } catch (RuntimeException e) {
        out.add(new Undone(s, null, new ActionException(String.valueOf(e), false, e), false));
      }
    }
    synchronized (scheduled) {
      scheduled.addAll(again);
    }
    return out;
  }

  /** What is scheduled, soonest first. */
  public List<Scheduled> scheduled() {
    synchronized (scheduled) {
      List<Scheduled> copy = new ArrayList<>(scheduled);
      copy.sort(Comparator.comparing(Scheduled::due));
      return copy;
    }
  }

  private static boolean sameTarget(ActionRequest a, ActionRequest b) {
    return a.tenant().equals(b.tenant()) && a.target().equals(b.target());
  }
}
