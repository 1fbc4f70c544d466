package dev.mimamori.incidents.respond;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * CrowdSec's stream mode ({@code GET /v1/decisions/stream}) without HTTP: per bouncer, the first
 * pull (or one with {@code startup=true}) returns every active decision as new and nothing deleted;
 * each later pull returns what was added, and what was deleted or expired, since that bouncer's
 * previous pull. As in CrowdSec, decisions acting on the same thing (scope, value, type) are sent
 * once, the longest; and a deletion is not sent while another decision still acts on the same
 * thing, so a bouncer never lifts a ban that is still wanted. Thread-safe.
 */
public final class DecisionStream {

  /** What one pull returns. */
  public record Batch(List<Decision> added, List<Decision> deleted) {
    public Batch {
      added = List.copyOf(added);
      deleted = List.copyOf(deleted);
    }
  }

  /**
   * Which decisions a bouncer wants: the query parameters {@code scopes}, {@code origins}, {@code
   * scenarios_containing} and {@code scenarios_not_containing}, each comma separated. Scopes are
   * compared case-insensitively and default to {@code ip,range}; scenario words match
   * case-insensitively anywhere in the scenario.
   */
  public record Filter(
      Set<String> scopes,
      Set<String> origins,
      List<String> scenariosContaining,
      List<String> scenariosNotContaining) {
    public static final Filter ALL = parse(null, null, null, null);

    public Filter {
      scopes = Set.copyOf(scopes);
      origins = Set.copyOf(origins);
      scenariosContaining = List.copyOf(scenariosContaining);
      scenariosNotContaining = List.copyOf(scenariosNotContaining);
    }

    public static Filter parse(
        @Nullable String scopes,
        @Nullable String origins,
        @Nullable String scenariosContaining,
        @Nullable String scenariosNotContaining) {
      Set<String> s =
          words(scopes).stream().map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
      return new Filter(
          s.isEmpty() ? Set.of("ip", "range") : s,
          Set.copyOf(words(origins)),
          lower(words(scenariosContaining)),
          lower(words(scenariosNotContaining)));
    }

    public boolean matches(Decision d) {
      return scopes.contains(d.scope().toLowerCase(Locale.ROOT)) && matchesOriginAndScenario(d);
    }

    /** The filter without its scopes. */
    public boolean matchesOriginAndScenario(Decision d) {
      if (!origins.isEmpty() && !origins.contains(d.origin())) {
        return false;
      }
      String scenario = d.scenario().toLowerCase(Locale.ROOT);
      if (!scenariosContaining.isEmpty()
          && scenariosContaining.stream().noneMatch(scenario::contains)) {
        return false;
      }
      return scenariosNotContaining.stream().noneMatch(scenario::contains);
    }

    static List<String> words(@Nullable String commaSeparated) {
      if (commaSeparated == null) {
        return List.of();
      }
      return Arrays.stream(commaSeparated.split(","))
          .map(String::trim)
          .filter(w -> !w.isEmpty())
          .toList();
    }

    private static List<String> lower(List<String> words) {
      return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }
  }

  private final DecisionList list;
  private final Map<String, Long> cursors = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public DecisionStream(DecisionList list) {
    this.list = Objects.requireNonNull(list, "list");
  }

  /**
   * One pull by a bouncer. With {@code startup}, or for a bouncer not seen before, or one whose
   * previous pull is older than the list remembers, everything active is new.
   */
  public Batch pull(String bouncer, boolean startup, Filter filter) {
    synchronized (cursorLock(bouncer)) {
      Long cursor = cursors.get(bouncer);
      DecisionList.Changes c = list.changesSince(cursor == null || startup ? 0 : cursor);
      Batch batch;
      if (cursor == null || startup || !c.complete()) {
        batch = new Batch(longestPerKey(c.active(), c.active(), filter), List.of());
      } else {
        List<Decision> added = longestPerKey(c.added(), c.active(), filter);
        Set<String> stillActive =
            c.active().stream()
                .filter(filter::matches)
                .map(Decision::key)
                .collect(Collectors.toSet());
        Map<String, Decision> deleted = new LinkedHashMap<>();
        for (Decision d : c.ended()) {
          if (filter.matches(d) && !stillActive.contains(d.key())) {
            deleted.putIfAbsent(d.key(), d);
          }
        }
        batch = new Batch(added, new ArrayList<>(deleted.values()));
      }
      cursors.put(bouncer, c.cursor());
      return batch;
    }
  }

  /** Forgets a bouncer: its next pull gets the full list. */
  public void forget(String bouncer) {
    cursors.remove(bouncer);
  }

  /** The bouncers that have pulled. */
  public Set<String> bouncers() {
    return Set.copyOf(cursors.keySet());
  }

  /**
   * For each key among {@code which}, the longest active decision with that key that the filter
   * lets through.
   */
  private static List<Decision> longestPerKey(
      List<Decision> which, List<Decision> active, Filter filter) {
    Map<String, Decision> longest = new HashMap<>();
    for (Decision d : active) {
      if (filter.matches(d)) {
        longest.merge(d.key(), d, (a, b) -> b.until().isAfter(a.until()) ? b : a);
      }
    }
    Map<String, Decision> out = new LinkedHashMap<>();
    for (Decision d : which) {
      Decision l = longest.get(d.key());
      if (l != null) {
        out.putIfAbsent(d.key(), l);
      }
    }
    return new ArrayList<>(out.values());
  }

  private Object cursorLock(String bouncer) {
    return locks.computeIfAbsent(bouncer, k -> new Object());
  }
}
