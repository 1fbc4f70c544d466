package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rotation of a schedule: the participants take turns, each for one {@link RotationLength}, the
 * first from {@code start}. Before {@code start} the layer has nobody. With restrictions the layer
 * has someone only inside one of the windows (the rotation keeps turning outside them).
 *
 * @param name the layer's name, unique in its schedule
 * @param participants person ids in turn order (a person may appear more than once)
 * @param start the first handoff, wall-clock time in the schedule's zone; its time of day is the
 *     handoff time of daily and weekly rotations
 * @param rotation how long each turn is
 * @param restrictions when the layer is active; empty means always
 */
public record Layer(
    String name,
    List<String> participants,
    LocalDateTime start,
    RotationLength rotation,
    List<TimeWindow> restrictions) {

  public Layer {
    Names.id(name, "name");
    participants = List.copyOf(participants);
    if (participants.isEmpty()) {
      throw new IllegalArgumentException("participants: a layer needs at least one participant");
    }
    for (String p : participants) {
      Names.id(p, "participant");
    }
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(rotation, "rotation");
    restrictions = List.copyOf(restrictions);
  }

  /** The time of day of the handoffs (for daily and weekly rotations). */
  public LocalTime handoffTime() {
    return start.toLocalTime();
  }

  /** Who this layer has on call at {@code t}. */
  public Optional<String> onCall(Instant t, ZoneId zone) {
    if (!active(t, zone)) {
      return Optional.empty();
    }
    long k = shiftIndex(t, zone);
    if (k < 0) {
      return Optional.empty();
    }
    return Optional.of(participants.get((int) Math.floorMod(k, (long) participants.size())));
  }

  private boolean active(Instant t, ZoneId zone) {
    if (restrictions.isEmpty()) {
      return true;
    }
    for (TimeWindow w : restrictions) {
      if (w.occurrenceAt(t, zone).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** The number of the turn that holds {@code t}: 0 for the first, -1 before {@code start}. */
  long shiftIndex(Instant t, ZoneId zone) {
    if (t.isBefore(handoff(0, zone))) {
      return -1;
    }
    long k = Math.max(0, rotation.approximateIndex(start, LocalDateTime.ofInstant(t, zone)));
    while (k > 0 && handoff(k, zone).isAfter(t)) {
      k--;
    }
    while (!handoff(k + 1, zone).isAfter(t)) {
      k++;
    }
    return k;
  }

  /** The instant of handoff {@code k}. */
  Instant handoff(long k, ZoneId zone) {
    return Zones.resolve(rotation.handoff(start, k), zone);
  }

  /** Every instant in {@code [from, to)} at which this layer's answer may change. */
  List<Instant> changes(Instant from, Instant to, ZoneId zone) {
    List<Instant> out = new ArrayList<>();
    long k = Math.max(0, shiftIndex(from, zone));
    for (Instant h = handoff(k, zone); h.isBefore(to); h = handoff(++k, zone)) {
      if (!h.isBefore(from)) {
        out.add(h);
      }
    }
    for (TimeWindow w : restrictions) {
      for (Interval i : w.occurrences(from, to, zone)) {
        out.add(i.start());
        out.add(i.end());
      }
    }
    return out;
  }
}
