package dev.mimamori.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New findings become alerts once: after an upload, and after an import of new advisories. */
class VulnServiceTest {
  @TempDir Path dir;
  Store store;
  VulnService service;
  final List<Alert> alerts = new ArrayList<>();
  String site;

  @BeforeEach
  void open() {
    store = Store.open(DatabaseConfig.parse(null, dir), Clock.systemUTC());
    store.tenants().ensure("shop-a", "Shop A");
    site = store.sites().create("shop-a", "main", List.of(), List.of(), List.of(), null, null).id();
    service = new VulnService(store, Clock.systemUTC(), alerts::add);
    service.replaceSoftware(
        TenantScope.of("shop-a"),
        site,
        List.of(new Component(PackageRef.ECCUBE, "4.2.0", "src/Eccube/Common/Constant.php")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void importAdvisory(String id, String range) {
    String yml =
        "identifier: \""
            + id
            + "\"\npackage_slug: \"packagist/ec-cube/ec-cube\"\n"
            + "title: \"t\"\naffected_range: \""
            + range
            + "\"\n";
    store
        .vulns()
        .importAdvisories(
            new AdvisoryReader()
                .read("a.yml", "a.yml", yml.getBytes(StandardCharsets.UTF_8))
                .advisories());
  }

  @Test
  void aNewlyImportedAdvisoryRaisesAnAlertForTheSiteItAppliesTo() {
    importAdvisory("CVE-2099-5001", ">=4.2.0,<4.2.1");

    service.checkAll();

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.tenant() + " " + a.asset() + " " + a.ruleId())
                    .isEqualTo("shop-a main " + VulnService.RULE));
  }

  @Test
  void aFindingAlertsOnlyOnce() {
    importAdvisory("CVE-2099-5001", ">=4.2.0,<4.2.1");
    service.checkAll();

    service.checkAll();

    assertThat(alerts).hasSize(1);
  }

  @Test
  void anAdvisoryThatDoesNotApplyRaisesNothing() {
    importAdvisory("CVE-2099-5002", "<4.0.0");

    service.checkAll();

    assertThat(alerts).isEmpty();
  }

  @Test
  void anAcceptedRiskRaisesNoAlert() {
    importAdvisory("CVE-2099-5001", ">=4.2.0,<4.2.1");
    store
        .vulns()
        .acceptRisk(
            TenantScope.of("shop-a"),
            site,
            "CVE-2099-5001",
            "WAF rule",
            Instant.parse("2099-01-01T00:00:00Z"),
            "admin");

    service.checkAll();

    assertThat(alerts).isEmpty();
  }

  @Test
  void anotherTenantsScopeSeesNoFindingOfTheSite() {
    importAdvisory("CVE-2099-5001", ">=4.2.0,<4.2.1");

    assertThat(service.findings(TenantScope.of("shop-b"))).isEmpty();
  }
}
