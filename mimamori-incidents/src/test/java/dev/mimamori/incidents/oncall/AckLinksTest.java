package dev.mimamori.incidents.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckLinksTest {
  static final Instant NOW = Instant.parse("2026-03-03T03:00:00Z");
  static final Instant EXPIRY = NOW.plus(Duration.ofHours(1));
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OTHER_KEY =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
  static final String URL_SAFE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

  static AckLinks at(Instant now) {
    return new AckLinks(KEY, Clock.fixed(now, ZoneOffset.UTC));
  }

  final AckLinks links = at(NOW);
  final String token = links.token("inc-42", "aiko", EXPIRY);

  @Test
  void verifiesItsOwnToken() {
    assertThat(links.verify(token)).contains(new AckToken("inc-42", "aiko", EXPIRY));
  }

  @Test
  void tokenIsVersionedAndUrlSafe() {
    assertThat(token).matches("v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
  }

  @Test
  void carriesAnyIncidentId() {
    String t = links.token("インシデント/2026-03-03#1", "aiko", EXPIRY);

    assertThat(links.verify(t)).map(AckToken::incidentId).contains("インシデント/2026-03-03#1");
  }

  @Test
  void buildsTheAckUrlUnderTheBaseUrl() {
    assertThat(AckLinks.url("https://mimamori.example.jp/soc/", token))
        .isEqualTo("https://mimamori.example.jp/soc/ack/" + token);
  }

  @Test
  void refusesABaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> AckLinks.url("javascript:alert(1)", token))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsATokenUntilJustBeforeItExpires() {
    assertThat(at(EXPIRY.minusSeconds(1)).verify(token)).isPresent();
  }

  @Test
  void refusesAnExpiredToken() {
    assertThat(at(EXPIRY).verify(token)).isEmpty();
  }

  @Test
  void refusesATokenSignedWithAnotherKey() {
    AckLinks other = new AckLinks(OTHER_KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(other.verify(token)).isEmpty();
  }

  @Test
  void refusesEverySingleCharacterChange() {
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < token.length(); i++) {
      for (char c : URL_SAFE.toCharArray()) {
        if (c != token.charAt(i)) {
          String changed = token.substring(0, i) + c + token.substring(i + 1);
          links.verify(changed).ifPresent(t -> accepted.add(changed));
        }
      }
    }

    assertThat(accepted).isEmpty();
  }

  @Test
  void refusesEveryTruncation() {
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < token.length(); i++) {
      String cut = token.substring(0, i);
      links.verify(cut).ifPresent(t -> accepted.add(cut));
    }

    assertThat(accepted).isEmpty();
  }

  @Test
  void refusesAnotherIncidentsPayloadWithThisSignature() {
    String other = links.token("inc-43", "aiko", EXPIRY);
    String[] mine = token.split("\\.");
    String[] theirs = other.split("\\.");

    assertThat(links.verify(mine[0] + "." + theirs[1] + "." + mine[2])).isEmpty();
  }

  @Test
  void verifiesForTheIncidentItWasMadeFor() {
    assertThat(links.verifyFor(token, "inc-42")).isPresent();
  }

  @Test
  void refusesATokenForAnotherIncident() {
    assertThat(links.verifyFor(token, "inc-43")).isEmpty();
  }

  @Test
  void refusesAnotherVersion() {
    assertThat(links.verify("v2" + token.substring(2))).isEmpty();
  }

  @Test
  void refusesAnAppendedPart() {
    assertThat(links.verify(token + ".AAAA")).isEmpty();
  }

  @Test
  void refusesGarbage() {
    List<Optional<AckToken>> results = new ArrayList<>();
    for (String g :
        List.of("", ".", "..", "v1", "v1.", "v1..", "v1.x.y", "v1.=.=", "v1.AA==.AA==", "%00")) {
      results.add(links.verify(g));
    }

    assertThat(results).allMatch(Optional::isEmpty);
  }

  @Test
  void neverThrowsOnRandomInput() {
    Random random = new Random(20260303);
    String alphabet = URL_SAFE + "=+/ %\0\n\u00e9\u3042\ud83d\ude00";
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(i % 3 == 0 ? "v1." : "");
      int length = random.nextInt(i % 100 == 0 ? 5000 : 120);
      for (int j = 0; j < length; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      accepted += links.verify(b.toString()).isPresent() ? 1 : 0;
    }

    assertThat(accepted).isZero();
  }

  @Test
  void neverThrowsOnMutatedTokens() {
    Random random = new Random(42);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(token);
      for (int edits = 1 + random.nextInt(4); edits > 0 && b.length() > 0; edits--) {
        int at = random.nextInt(b.length());
        char c = URL_SAFE.charAt(random.nextInt(URL_SAFE.length()));
        switch (random.nextInt(3)) {
          case 0 -> b.setCharAt(at, c);
          case 1 -> b.insert(at, c);
          default -> b.deleteCharAt(at);
        }
      }
      String mutated = b.toString();
      if (!mutated.equals(token)) {
        accepted += links.verify(mutated).isPresent() ? 1 : 0;
      }
    }

    assertThat(accepted).isZero();
  }

  @Test
  void refusesAShortKey() {
    assertThatThrownBy(() -> new AckLinks(new byte[31], Clock.systemUTC()))
        .hasMessageContaining("at least 32 bytes");
  }
}
