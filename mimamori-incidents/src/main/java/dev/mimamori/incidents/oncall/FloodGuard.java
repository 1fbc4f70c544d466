package dev.mimamori.incidents.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps one person from being paged more than the {@link PageBudget} allows in any hour. Pages for
 * a person are queued most severe first (then in arrival order, held pages before new ones). With
 * {@code free} messages of budget left in the rolling hour:
 *
 * <ul>
 *   <li>if the queue fits, every page goes out on its own;
 *   <li>if it does not and {@code free ≥ 1}, the first {@code free - 1} pages go out on their own
 *       and the rest are folded into one {@link Delivery.Summary} with their count, in the last
 *       slot;
 *   <li>if {@code free} is 0, the pages are held in the ledger and go out (folded, if more than the
 *       budget allows) when the oldest message of the hour ages out: {@link
 *       Admission#nextRelease()}.
 * </ul>
 *
 * So a person never gets more than the budget per hour, and no page is lost.
 */
public final class FloodGuard {
  static final Duration WINDOW = Duration.ofHours(1);

  private static final Comparator<Page> MOST_SEVERE_FIRST =
      Comparator.comparing(Page::severity).reversed();

  private final PageBudget budget;

  public FloodGuard(PageBudget budget) {
    this.budget = budget;
  }

  /** Lets {@code pages} through at {@code now} as far as the budget allows. */
  public Admission admit(PageLedger ledger, List<Page> pages, Instant now) {
    Map<String, List<Page>> queues = new LinkedHashMap<>();
    Set<String> queued = new HashSet<>();
    ledger.held().forEach((person, held) -> enqueue(queues, queued, held));
    enqueue(queues, queued, pages);

    Map<String, List<Instant>> sent = new LinkedHashMap<>();
    ledger.sent().forEach((person, times) -> sent.put(person, recent(times, now)));

    List<Delivery> out = new ArrayList<>();
    Map<String, List<Page>> held = new LinkedHashMap<>();
    for (Map.Entry<String, List<Page>> e : queues.entrySet()) {
      String person = e.getKey();
      List<Page> queue = new ArrayList<>(e.getValue());
      queue.sort(MOST_SEVERE_FIRST);
      List<Instant> times = sent.computeIfAbsent(person, p -> new ArrayList<>());
      long free = (long) budget.perPersonPerHour() - times.size();
      if (queue.size() <= free) {
        queue.forEach(p -> out.add(new Delivery.Single(p)));
        times.addAll(Collections.nCopies(queue.size(), now));
      } else if (free >= 1) {
        int singles = (int) free - 1;
        queue.subList(0, singles).forEach(p -> out.add(new Delivery.Single(p)));
        out.add(new Delivery.Summary(person, queue.subList(singles, queue.size())));
        times.addAll(Collections.nCopies((int) free, now));
      } else {
        held.put(person, queue);
      }
    }
    sent.values().removeIf(List::isEmpty);
    Optional<Instant> release =
        held.keySet().stream()
            .map(person -> sent.get(person).get(0).plus(WINDOW))
            .min(Comparator.naturalOrder());
    return new Admission(out, new PageLedger(sent, held), release);
  }

  /** Sends what the budget allows of the held pages; call at {@link Admission#nextRelease()}. */
  public Admission release(PageLedger ledger, Instant now) {
    return admit(ledger, List.of(), now);
  }

  private static void enqueue(
      Map<String, List<Page>> queues, Set<String> queued, List<Page> pages) {
    for (Page p : pages) {
      if (queued.add(p.id())) {
        queues.computeIfAbsent(p.personId(), k -> new ArrayList<>()).add(p);
      }
    }
  }

  /** The times still inside the hour before {@code now}, oldest first. */
  private static List<Instant> recent(List<Instant> times, Instant now) {
    List<Instant> out = new ArrayList<>();
    for (Instant t : times) {
      if (t.plus(WINDOW).isAfter(now)) {
        out.add(t);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
