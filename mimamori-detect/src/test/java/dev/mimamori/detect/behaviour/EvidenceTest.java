package dev.mimamori.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvidenceTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  static Event event(long i) {
    return builder(i).build();
  }

  private static Event.Builder builder(long i) {
    return Event.builder()
        .timestamp(T0.plusMillis(i * 10))
        .tenant("t")
        .asset("shop")
        .dataset("nginx.access")
        .original("line " + i)
        .sourceIp("192.0.2.1")
        .logFilePath("/var/log/access.log")
        .logOffset(i * 100)
        .lineNumber(i + 1);
  }

  static List<Long> lines(List<Event> events) {
    return events.stream().map(Event::lineNumber).toList();
  }

  @Test
  void keepsTheMostRecentUpToItsCapacity() {
    Evidence ev = new Evidence(5, false);
    Event last = null;
    for (long i = 0; i < 100; i++) {
      last = event(i);
      ev.add(last);
    }

    assertThat(lines(ev.withTrigger(last))).containsExactly(96L, 97L, 98L, 99L, 100L);
  }

  @Test
  void keepsTheFirstUpToItsCapacityWhenAskedTo() {
    Evidence ev = new Evidence(3, true);
    for (long i = 0; i < 10; i++) {
      ev.add(event(i));
    }

    assertThat(lines(ev.withTrigger(event(9)))).containsExactly(1L, 2L, 3L, 10L);
  }

  @Test
  void addsTheTriggerOnceWhenItWasKept() {
    Evidence ev = new Evidence(10, false);
    Event trigger = event(1);
    ev.add(event(0));
    ev.add(trigger);

    assertThat(lines(ev.withTrigger(trigger))).containsExactly(1L, 2L);
  }

  @Test
  void addsTheTriggerOnceWithRoomForOne() {
    Evidence ev = new Evidence(1, false);
    Event trigger = request(1);
    ev.add(request(0));
    ev.add(trigger);

    assertThat(lines(ev.withTrigger(trigger))).containsExactly(2L);
  }

  @Test
  void addsTheTriggerAgainAfterAClear() {
    Evidence ev = new Evidence(10, false);
    Event trigger = request(1);
    ev.add(trigger);
    ev.clear();

    assertThat(lines(ev.withTrigger(trigger))).containsExactly(2L);
  }

  @Test
  void addsATriggerThatCameAfterTheFirstWereKept() {
    Evidence ev = new Evidence(2, true);
    ev.add(request(0));
    ev.add(request(1));
    Event trigger = request(2);
    ev.add(trigger); // not kept: the first two are

    assertThat(lines(ev.withTrigger(trigger))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void addsATriggerAgainThatAnotherEventJoinedSince() {
    // The trigger was added, then copied when another joined it: it is no longer held as it came.
    Evidence ev = new Evidence(10, false);
    Event trigger = request(0);
    ev.add(trigger);
    ev.add(request(1));

    assertThat(lines(ev.withTrigger(trigger))).containsExactly(1L, 2L, 1L);
  }

  static Event request(long i) {
    return builder(i).urlPath("/products/list").userAgent("Mozilla/5.0").build();
  }

  @Test
  void givesEvidenceCopiesOfEveryEventItHolds() {
    Evidence ev = new Evidence(10, false);
    Event last = null;
    for (long i = 0; i < 3; i++) {
      last = request(i);
      ev.add(last);
    }

    assertThat(ev.withTrigger(last))
        .extracting(Event::urlPath, Event::userAgent, Event::lineNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, null, 1L),
            org.assertj.core.groups.Tuple.tuple(null, null, 2L),
            org.assertj.core.groups.Tuple.tuple(null, null, 3L));
  }

  @Test
  void givesEvidenceCopiesWithRoomForOne() {
    Evidence ev = new Evidence(1, false);
    ev.add(request(0));
    Event last = request(1);
    ev.add(last);

    assertThat(ev.withTrigger(last))
        .extracting(Event::urlPath, Event::lineNumber)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(null, 2L));
  }

  @Test
  void givesAnEvidenceCopyOfALoneEventThatCameAfterTheOthersExpired() {
    Evidence ev = new Evidence(10, false);
    ev.add(request(0));
    ev.add(request(1));
    ev.expire(T0.plusSeconds(1).toEpochMilli());
    Event lone = request(200);
    ev.add(lone);

    assertThat(ev.withTrigger(lone)).singleElement().isEqualTo(lone.asEvidence());
  }

  @Test
  void givesAnEvidenceCopyOfALoneEventItIsTriggeredBy() {
    Evidence ev = new Evidence(10, false);
    Event only = request(0);
    ev.add(only);

    assertThat(ev.withTrigger(only)).singleElement().isEqualTo(only.asEvidence());
  }

  @Test
  void forgetsTheEventsBeforeTheCutoff() {
    Evidence ev = new Evidence(100, false);
    for (long i = 0; i < 20; i++) {
      ev.add(event(i));
    }

    ev.expire(T0.plusMillis(150).toEpochMilli());

    assertThat(ev.size()).isEqualTo(5);
  }

  @Test
  void holdsWhatADequeWouldOverManyWrapsAndGrowths() {
    Random r = new Random(12);
    for (int round = 0; round < 50; round++) {
      int capacity = 1 + r.nextInt(40);
      Evidence ev = new Evidence(capacity, false);
      ArrayDeque<Long> model = new ArrayDeque<>();
      long i = 0;
      for (int step = 0; step < 2000; step++) {
        if (r.nextInt(10) == 0) {
          long cutoff = T0.plusMillis((i - r.nextInt(30)) * 10).toEpochMilli();
          ev.expire(cutoff);
          while (!model.isEmpty()
              && T0.plusMillis(model.peekFirst() * 10).toEpochMilli() < cutoff) {
            model.pollFirst();
          }
        } else if (r.nextInt(200) == 0) {
          ev.clear();
          model.clear();
        } else {
          ev.add(event(i));
          model.addLast(i);
          if (model.size() > capacity) {
            model.pollFirst();
          }
          i++;
        }
        assertThat(ev.size()).isEqualTo(model.size());
      }
      List<Long> expected = new ArrayList<>();
      model.forEach(x -> expected.add(x + 1));
      Event trigger = event(i);
      expected.add(i + 1);
      assertThat(lines(ev.withTrigger(trigger))).containsExactlyElementsOf(expected);
    }
  }
}
