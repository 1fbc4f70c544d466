package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Observable;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrowdSecBanActionTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final DecisionList list = new DecisionList(clock);
  final ResponseAction action =
      ResponseActions.find("crowdsec-ban")
          .orElseThrow()
          .create(new CrowdSecBanAction.Config(list, "mimamori/incident"));

  static ActionRequest ip(String v) {
    return new ActionRequest("shop", "inc-7", Observable.ip(v));
  }

  @Test
  void addsADecisionEndingAtTheTtl() throws Exception {
    ActionResult r = action.execute(ip("203.0.113.5").withTtl(Duration.ofHours(2)));

    assertThat(r.changed()).isTrue();
    assertThat(list.active())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.value()).isEqualTo("203.0.113.5");
              assertThat(d.scope()).isEqualTo("Ip");
              assertThat(d.until()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
              assertThat(d.incidentId()).isEqualTo("inc-7");
            });
  }

  @Test
  void aRangeIsARangeDecisionAndADryRunAddsNothing() throws Exception {
    assertThat(action.execute(ip("198.51.100.0/24").asDryRun()).summary()).startsWith("dry run:");
    assertThat(list.active()).isEmpty();

    action.execute(ip("198.51.100.0/24"));

    assertThat(list.active())
        .singleElement()
        .satisfies(d -> assertThat(d.scope()).isEqualTo("Range"));
  }

  @Test
  void undoEndsTheDecision() throws Exception {
    action.execute(ip("203.0.113.5"));
    assertThat(action.execute(ip("203.0.113.5")).changed()).isFalse();

    assertThat(action.undo(ip("203.0.113.5")).changed()).isTrue();

    assertThat(list.active()).isEmpty();
    assertThat(action.undo(ip("203.0.113.5")).changed()).isFalse();
  }
}
