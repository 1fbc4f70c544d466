package dev.mimamori.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.server.report.ReportLanguage;
import dev.mimamori.server.report.ReportSection;
import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.inventory.Component;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's vulnerability rows: in the report's language, at the injected clock's time. */
class VulnReportFeedTest {
  private static final Instant NOW = Instant.parse("2099-03-10T00:00:00Z");
  private static final Instant MONTH_END = Instant.parse("2099-04-01T00:00:00Z");

  @TempDir Path dir;
  Store store;
  VulnReportFeed feed;

  @BeforeEach
  void open() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    store = Store.open(DatabaseConfig.parse(null, dir), clock);
    store.tenants().ensure("shop-a", "Shop A");
    String site =
        store.sites().create("shop-a", "main", List.of(), List.of(), List.of(), null, null).id();
    VulnService service = new VulnService(store, clock, AlertSubmitter.NONE);
    service.replaceSoftware(
        TenantScope.of("shop-a"),
        site,
        List.of(new Component(PackageRef.ECCUBE, "4.2.0", "src/Eccube/Common/Constant.php")));
    String yml =
        "identifier: \"CVE-2099-5001\"\npackage_slug: \"packagist/ec-cube/ec-cube\"\n"
            + "title: \"XSS\"\naffected_range: \">=4.2.0,<4.2.1\"\nfixed_versions: [\"4.2.1\"]\n"
            + "cvss_v3: \"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N\"\n";
    store
        .vulns()
        .importAdvisories(
            new AdvisoryReader()
                .read("a.yml", "a.yml", yml.getBytes(StandardCharsets.UTF_8))
                .advisories());
    feed = new VulnReportFeed(service, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ReportSection.Row row(ReportLanguage language) {
    ReportSection.Rows rows =
        (ReportSection.Rows)
            feed.read(TenantScope.of("shop-a"), "shop-a", Instant.EPOCH, MONTH_END, language);
    return rows.rows().get(0);
  }

  @Test
  void japaneseReportWritesTheRowInJapanese() {
    assertThat(row(ReportLanguage.JA).detail()).isEqualTo("CVE-2099-5001 (警告) XSS — 修正版 4.2.1");
  }

  @Test
  void englishReportWritesTheRowInEnglish() {
    assertThat(row(ReportLanguage.EN).detail())
        .isEqualTo("CVE-2099-5001 (MEDIUM) XSS — fixed in 4.2.1");
  }

  @Test
  void rowIsDatedByTheInjectedClock() {
    assertThat(row(ReportLanguage.EN).at()).isEqualTo(NOW);
  }
}
