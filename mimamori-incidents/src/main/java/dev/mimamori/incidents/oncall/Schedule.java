package dev.mimamori.incidents.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is on call when, in one time zone. Layers are listed bottom first: a later layer that has
 * someone on call wins over the ones before it. Overrides win over all layers; among overlapping
 * overrides the later in the list wins.
 *
 * @param name the schedule's name, which escalation policies refer to
 * @param zone the zone of the layers' wall-clock times
 * @param layers the rotations, bottom first, at least one
 * @param overrides explicit covers, in order of precedence (last wins)
 */
public record Schedule(
    String name, ZoneId zone, List<Layer> layers, List<ScheduleOverride> overrides) {

  /** The longest span {@link #shifts} lists. */
  public static final Duration MAX_SHIFTS_SPAN = Duration.ofDays(366);

  public Schedule {
    Names.id(name, "name");
    Objects.requireNonNull(zone, "zone");
    layers = List.copyOf(layers);
    overrides = List.copyOf(overrides);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("layers: a schedule needs at least one layer");
    }
    Set<String> names = new HashSet<>();
    for (Layer l : layers) {
      if (!names.add(l.name())) {
        throw new IllegalArgumentException("layers: two layers are named '" + l.name() + "'");
      }
    }
  }

  /** Who is on call at {@code t}: the last override covering it, else the highest layer's. */
  public Optional<String> onCall(Instant t) {
    for (int i = overrides.size() - 1; i >= 0; i--) {
      if (overrides.get(i).covers(t)) {
        return Optional.of(overrides.get(i).personId());
      }
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      Optional<String> p = layers.get(i).onCall(t, zone);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /**
   * Who is on call from {@code from} to {@code to}, oldest first: consecutive time with the same
   * person is one shift, time with nobody on call is left out. At most {@link #MAX_SHIFTS_SPAN}.
   */
  public List<Shift> shifts(Instant from, Instant to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
    if (Duration.between(from, to).compareTo(MAX_SHIFTS_SPAN) > 0) {
      throw new IllegalArgumentException(
          "shifts span at most " + MAX_SHIFTS_SPAN.toDays() + " days");
    }
    TreeSet<Instant> changes = new TreeSet<>();
    changes.add(from);
    for (Layer l : layers) {
      changes.addAll(l.changes(from, to, zone));
    }
    for (ScheduleOverride o : overrides) {
      changes.add(o.from());
      changes.add(o.to());
    }
    List<Instant> points = new ArrayList<>(changes.subSet(from, true, to, false));
    points.add(to);
    List<Shift> out = new ArrayList<>();
    for (int i = 0; i + 1 < points.size(); i++) {
      Instant s = points.get(i);
      Instant e = points.get(i + 1);
      Optional<String> who = onCall(s);
      if (who.isEmpty()) {
        continue;
      }
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).personId().equals(who.get()) && out.get(last).to().equals(s)) {
        out.set(last, new Shift(who.get(), out.get(last).from(), e));
      } else {
        out.add(new Shift(who.get(), s, e));
      }
    }
    return out;
  }

  /** Every person id the schedule refers to, layers first. */
  public Set<String> people() {
    Set<String> out = new LinkedHashSet<>();
    layers.forEach(l -> out.addAll(l.participants()));
    overrides.forEach(o -> out.add(o.personId()));
    return out;
  }
}
