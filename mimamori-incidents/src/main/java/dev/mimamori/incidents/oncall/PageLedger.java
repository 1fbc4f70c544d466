package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link FloodGuard} remembers per person: when messages went out in the last hour, and
 * pages held back because the budget was used up. Keep it in memory, or store it if held pages must
 * survive a restart (the engine has already counted them as emitted).
 *
 * @param sent per person, the times of messages sent within the last hour
 * @param held per person, pages waiting for budget, to go out as one summary
 */
public record PageLedger(Map<String, List<Instant>> sent, Map<String, List<Page>> held) {
  public PageLedger {
    sent = copy(sent);
    held = copy(held);
  }

  public static PageLedger empty() {
    return new PageLedger(Map.of(), Map.of());
  }

  /** How many pages are held back, over all people. */
  public int heldCount() {
    return held.values().stream().mapToInt(List::size).sum();
  }

  /** The ledger without held pages of an incident (acknowledged or closed meanwhile). */
  public PageLedger withoutIncident(String incidentId) {
    Map<String, List<Page>> kept = new LinkedHashMap<>();
    held.forEach(
        (person, pages) -> {
          List<Page> rest = pages.stream().filter(p -> !p.incidentId().equals(incidentId)).toList();
          if (!rest.isEmpty()) {
            kept.put(person, rest);
          }
        });
    return new PageLedger(sent, kept);
  }

  private static <T> Map<String, List<T>> copy(Map<String, List<T>> map) {
    Map<String, List<T>> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }
}
