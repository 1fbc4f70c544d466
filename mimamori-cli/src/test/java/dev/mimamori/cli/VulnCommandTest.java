package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VulnCommandTest {
  private static final Path CORPUS = Path.of("../../shared/corpus/advisories");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path shop(String version) throws IOException {
    Path root = dir.resolve("www");
    Path constant = root.resolve("src/Eccube/Common/Constant.php");
    Files.createDirectories(constant.getParent());
    Files.writeString(
        constant, "<?php\nclass Constant\n{\n    const VERSION = '" + version + "';\n}\n");
    return root;
  }

  private Path advisory() throws IOException {
    Path f = dir.resolve("adv/CVE-2099-2001.yml");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "identifier: \"CVE-2099-2001\"\n"
            + "package_slug: \"packagist/ec-cube/ec-cube\"\n"
            + "title: \"XSS in the product list\"\n"
            + "affected_range: \">=4.0.0,<4.0.6-p3\"\n"
            + "fixed_versions: [\"4.0.6-p3\"]\n"
            + "urls: [\"https://jvn.jp/en/jp/JVN99990009/\", \"https://www.ec-cube.net/info/weakness/2099/\"]\n"
            + "cvss_v3: \"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N\"\n");
    return f.getParent();
  }

  private static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> l = new java.util.ArrayList<>();
    for (String line : out.strip().split("\n")) {
      l.add(JSON.readTree(line));
    }
    return l;
  }

  @Test
  void scanPrintsOneJsonObjectPerFindingWithTheContractFields() throws IOException {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p2").toString(),
            "--advisories",
            advisory().toString(),
            "--json",
            "--data-dir",
            dir.resolve("none").toString());

    JsonNode f = lines(r.out()).get(0);
    assertThat(
            List.of(
                f.path("package").asText(),
                f.path("version").asText(),
                f.path("ids").toString(),
                f.path("severity").asText(),
                f.path("fixed_in").asText()))
        .containsExactly(
            "ec-cube/ec-cube",
            "4.0.6-p2",
            "[\"JVN#99990009\",\"CVE-2099-2001\"]",
            "MEDIUM",
            "4.0.6-p3");
  }

  @Test
  void scanExitsOneWhenAnAdvisoryApplies() throws IOException {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p2").toString(),
            "--advisories",
            advisory().toString(),
            "--data-dir",
            dir.resolve("none").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void scanOfAPatchedShopFindsNothingAndExitsZero() throws IOException {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p3").toString(),
            "--advisories",
            advisory().toString(),
            "--data-dir",
            dir.resolve("none").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("no advisory applies");
  }

  @Test
  void scanPrintsTheInventory() throws IOException {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p2").toString(),
            "--advisories",
            advisory().toString(),
            "--data-dir",
            dir.resolve("none").toString());

    assertThat(r.out())
        .contains("packagist:ec-cube/ec-cube 4.0.6-p2  (src/Eccube/Common/Constant.php)");
  }

  @Test
  void scanWithoutAnyAdvisoryIsAUsageError() throws IOException {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p2").toString(),
            "--data-dir",
            dir.resolve("none").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void scanNeedsEitherARootOrAUrl() throws IOException {
    MainTest.Result r = MainTest.run("vuln", "scan", "--advisories", advisory().toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void importedAdvisoriesAreUsedByLaterScans() throws IOException {
    Path data = dir.resolve("data");
    MainTest.Result imported =
        MainTest.run("vuln", "import", advisory().toString(), "--data-dir", data.toString());

    MainTest.Result r =
        MainTest.run(
            "vuln", "scan", shop("4.0.6-p2").toString(), "--json", "--data-dir", data.toString());

    assertThat(imported.code()).isEqualTo(ExitCodes.OK);
    assertThat(lines(r.out()))
        .singleElement()
        .satisfies(f -> assertThat(f.path("ids").get(0).asText()).isEqualTo("JVN#99990009"));
  }

  @Test
  void scanWithASiteStoresWhatTheSiteRuns() throws IOException {
    Path data = dir.resolve("data");
    String site;
    try (dev.mimamori.store.Store s =
        dev.mimamori.store.Store.open(
            dev.mimamori.store.DatabaseConfig.parse(null, data), java.time.Clock.systemUTC())) {
      s.tenants().ensure("shop-a", "Shop A");
      site = s.sites().create("shop-a", "main", List.of(), List.of(), List.of(), null, null).id();
    }

    MainTest.run(
        "vuln",
        "scan",
        shop("4.0.6-p2").toString(),
        "--advisories",
        advisory().toString(),
        "--site",
        site,
        "--data-dir",
        data.toString());

    try (dev.mimamori.store.Store s =
        dev.mimamori.store.Store.open(
            dev.mimamori.store.DatabaseConfig.parse(null, data), java.time.Clock.systemUTC())) {
      assertThat(s.vulns().software(dev.mimamori.store.TenantScope.of("shop-a")))
          .singleElement()
          .satisfies(c -> assertThat(c.component().version()).isEqualTo("4.0.6-p2"));
    }
  }

  @Test
  void scanWithAnUnknownSiteIsAUsageError() throws IOException {
    Path data = dir.resolve("data");
    MainTest.run("vuln", "import", advisory().toString(), "--data-dir", data.toString());

    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p2").toString(),
            "--site",
            "nope",
            "--data-dir",
            data.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void importReportsARefusedRecordAndLoadsTheOthers() throws IOException {
    Path adv = advisory();
    Files.writeString(
        adv.resolve("broken.yml"),
        "identifier: \"CVE-2099-2002\"\npackage_slug: \"packagist/x/y\"\naffected_range: \">=banana\"\n");

    MainTest.Result r =
        MainTest.run(
            "vuln", "import", adv.toString(), "--data-dir", dir.resolve("data").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.err())
        .contains("refused:", "broken.yml", "1 advisory records imported, 1 refused");
  }

  @Test
  void scanWithTheCorpusNamesJvn04785663AndItsPatchRelease() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "corpus not present");

    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.0.6-p2").toString(),
            "--advisories",
            CORPUS.toString(),
            "--json",
            "--data-dir",
            dir.resolve("none").toString());

    assertThat(lines(r.out()))
        .filteredOn(f -> f.path("ids").get(0).asText().equals("JVN#04785663"))
        .singleElement()
        .satisfies(f -> assertThat(f.path("fixed_in").asText()).isEqualTo("4.0.6-p3"));
  }
}
