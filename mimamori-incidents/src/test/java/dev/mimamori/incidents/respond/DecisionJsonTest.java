package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  Decision decision() throws Exception {
    return Decision.ban(
        4,
        IpNet.parse("1.2.3.4"),
        now.plus(Duration.ofHours(4)).minusSeconds(2),
        "mimamori/sqli",
        "shop",
        "inc-1");
  }

  @Test
  void writesADecisionAsCrowdSecsSwaggerDefinesIt() throws Exception {
    JsonNode d = DecisionJson.decision(decision(), now);

    assertThat(d.get("duration").asText()).isEqualTo("3h59m58s");
    assertThat(d.get("id").asLong()).isEqualTo(4);
    assertThat(d.get("origin").asText()).isEqualTo("mimamori");
    assertThat(d.get("scenario").asText()).isEqualTo("mimamori/sqli");
    assertThat(d.get("scope").asText()).isEqualTo("Ip");
    assertThat(d.get("type").asText()).isEqualTo("ban");
    assertThat(d.get("value").asText()).isEqualTo("1.2.3.4");
    assertThat(d.get("uuid").asText()).hasSize(36);
    assertThat(d.has("tenant")).isFalse();
  }

  @Test
  void aStreamAnswerAlwaysHasBothArrays() throws Exception {
    JsonNode empty =
        JSON.readTree(DecisionJson.stream(new DecisionStream.Batch(List.of(), List.of()), now));
    assertThat(empty.toString()).isEqualTo("{\"new\":[],\"deleted\":[]}");

    JsonNode one =
        JSON.readTree(
            DecisionJson.stream(new DecisionStream.Batch(List.of(decision()), List.of()), now));
    assertThat(one.get("new").get(0).get("value").asText()).isEqualTo("1.2.3.4");
  }

  @Test
  void anEndedDecisionHasANegativeDuration() throws Exception {
    JsonNode d = DecisionJson.decision(decision(), now.plus(Duration.ofHours(5)));

    assertThat(d.get("duration").asText()).isEqualTo("-1h0m2s");
  }

  @Test
  void liveModeAnswersNullWhenNothingMatches() throws Exception {
    assertThat(DecisionJson.list(List.of(), now)).isEqualTo("null");
    assertThat(JSON.readTree(DecisionJson.list(List.of(decision()), now)).isArray()).isTrue();
  }

  @Test
  void anErrorIsAMessage() {
    assertThat(DecisionJson.error("access forbidden"))
        .isEqualTo("{\"message\":\"access forbidden\"}");
  }
}
