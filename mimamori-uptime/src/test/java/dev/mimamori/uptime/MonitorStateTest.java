package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorStateTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
  private final MonitorState state =
      new MonitorState("shop", 3, 2, 4, Duration.ofMinutes(10), clock);

  private List<UptimeEvent> feed(boolean... results) {
    List<UptimeEvent> out = new ArrayList<>();
    for (boolean ok : results) {
      clock.advance(Duration.ofSeconds(30));
      out.addAll(state.record(ok, ok ? "" : "CONNECT_FAILED"));
    }
    return out;
  }

  @Test
  void firstGoodCheckIsTheBaselineNotAnEvent() {
    assertThat(feed(true)).isEmpty();
  }

  @Test
  void singleFailedCheckIsABlipWithoutEvent() {
    assertThat(feed(true, false, true, true)).isEmpty();
  }

  @Test
  void twoFailuresDoNotYetConfirmDown() {
    feed(true, false, false);

    assertThat(state.status()).isEqualTo(MonitorState.Status.UP);
  }

  @Test
  void downIsConfirmedByTheThirdConsecutiveFailure() {
    assertThat(feed(true, false, false, false))
        .singleElement()
        .isInstanceOfSatisfying(
            UptimeEvent.WentDown.class, d -> assertThat(d.failures()).isEqualTo(3));
  }

  @Test
  void upAgainNeedsTwoGoodChecksAndReportsDowntime() {
    feed(true, false, false, false, true);

    assertThat(feed(true))
        .singleElement()
        .isInstanceOfSatisfying(
            UptimeEvent.CameUp.class,
            u -> assertThat(u.downFor()).isEqualTo(Duration.ofSeconds(60)));
  }

  @Test
  void flappingIsAnnouncedOnceAndFurtherChangesAreSilent() {
    boolean[] flaps = new boolean[40];
    for (int i = 0; i < flaps.length; i++) {
      flaps[i] = (i / 3) % 2 == 1; // three good, three bad, ... -> a change every 3 checks
    }

    List<UptimeEvent> events = feed(flaps);

    assertThat(events.stream().filter(UptimeEvent.Flapping.class::isInstance)).hasSize(1);
  }

  @Test
  void noStateChangeIsAnnouncedWhileFlapping() {
    boolean[] flaps = new boolean[40];
    for (int i = 0; i < flaps.length; i++) {
      flaps[i] = (i / 3) % 2 == 1;
    }

    List<UptimeEvent> events = feed(flaps);

    // down, up, down are announced; the fourth change becomes "flapping", the rest are silent
    assertThat(events).hasSize(4);
  }

  @Test
  void stableIsAnnouncedOnceAfterAQuietWindow() {
    boolean[] flaps = new boolean[24];
    for (int i = 0; i < flaps.length; i++) {
      flaps[i] = (i / 3) % 2 == 0;
    }
    feed(flaps);
    boolean[] quiet =
        new boolean[30]; // 15 minutes of good checks: one silent change to up, then quiet
    java.util.Arrays.fill(quiet, true);

    List<UptimeEvent> events = feed(quiet);

    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(UptimeEvent.Stable.class, s -> assertThat(s.up()).isTrue());
  }

  @Test
  void siteDownBeforeARestartDoesNotGoDownAgain() {
    state.restore(MonitorState.Status.DOWN, clock.instant());

    assertThat(feed(false, false, false)).isEmpty();
  }

  @Test
  void siteDownBeforeARestartAnnouncesItsRecovery() {
    state.restore(MonitorState.Status.DOWN, clock.instant());

    assertThat(feed(true, true)).singleElement().isInstanceOf(UptimeEvent.CameUp.class);
  }
}
