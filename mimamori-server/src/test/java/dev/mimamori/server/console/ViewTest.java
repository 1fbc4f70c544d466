package dev.mimamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewTest {
  static final Instant AT = Instant.parse("2026-11-21T05:02:20Z");

  static View view(String lang) {
    return new View(Messages.forLanguage(lang), "u", "t", "/incidents", Map.of());
  }

  @Test
  void showsTimesInJstToJapaneseReaders() {
    assertThat(view("ja").time(AT)).isEqualTo("2026-11-21 14:02:20 JST");
  }

  @Test
  void showsTimesInUtcToEnglishReaders() {
    assertThat(view("en").time(AT)).isEqualTo("2026-11-21 05:02:20 UTC");
  }

  @Test
  void showsTimesInTheZoneTheReaderChose() {
    View v =
        new View(
            Messages.forLanguage("en"),
            "u",
            "t",
            "/",
            Map.of(),
            ZoneId.of("Asia/Tokyo"),
            "customer");

    assertThat(v.time(AT)).endsWith("14:02:20 JST");
  }

  @Test
  void namesAnotherZoneAsUsEnglishDoes() {
    assertThat(View.zoneLabel(ZoneId.of("America/New_York"), AT)).isEqualTo("EST");
  }

  @Test
  void namesAZoneOfAFixedOffsetByItsOffset() {
    assertThat(View.zoneLabel(ZoneId.of("UTC+05:45"), AT)).endsWith("+05:45");
  }

  @Test
  void namesEtcUtcUtc() {
    assertThat(View.zoneLabel(ZoneId.of("Etc/UTC"), AT)).isEqualTo("UTC");
  }

  @Test
  void ignoresAZoneThatIsNotARegion() {
    assertThat(ConsoleRoutes.parseZone("Mars/Olympus<script>")).isNull();
  }

  @Test
  void linksAdministrationOnlyForAdmins() {
    View customer =
        new View(Messages.forLanguage("en"), "u", "t", "/", Map.of(), ZoneId.of("UTC"), "customer");

    assertThat(customer.nav()).extracting(View.NavItem::href).doesNotContain("/users", "/rules");
  }

  @Test
  void keepsTheQueryWhenSwitchingLanguage() {
    View v = new View(Messages.forLanguage("en"), "u", "t", "/incidents?status=new", Map.of());

    assertThat(v.langLink("ja")).isEqualTo("/incidents?status=new&lang=ja");
  }
}
