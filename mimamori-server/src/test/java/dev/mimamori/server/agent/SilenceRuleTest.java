package dev.mimamori.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When an agent counts as silent: the rule behind both the silence alert and the console's agent
 * list (which once called an agent silent after a fixed minute, whatever the server's limit).
 */
class SilenceRuleTest {
  private static final Instant LAST = Instant.parse("2026-11-26T00:00:00Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void anAgentHeardFromWithinTheServersLimitIsNotSilent() {
    assertThat(AgentService.silent(LAST, 30, FIVE_MINUTES, LAST.plusSeconds(120))).isFalse();
  }

  @Test
  void anAgentQuietPastTheServersLimitIsSilent() {
    assertThat(AgentService.silent(LAST, 30, FIVE_MINUTES, LAST.plusSeconds(301))).isTrue();
  }

  @Test
  void anAgentWithoutAKnownIntervalIsSilentAtTheServersLimit() {
    assertThat(AgentService.silent(LAST, 0, FIVE_MINUTES, LAST.plus(FIVE_MINUTES))).isTrue();
  }

  @Test
  void aSlowAgentIsNotSilentWithinThreeOfItsIntervals() {
    assertThat(AgentService.silent(LAST, 3600, FIVE_MINUTES, LAST.plusSeconds(2 * 3600))).isFalse();
  }

  @Test
  void aSlowAgentIsSilentAfterThreeOfItsIntervals() {
    assertThat(AgentService.silent(LAST, 3600, FIVE_MINUTES, LAST.plusSeconds(3 * 3600))).isTrue();
  }
}
