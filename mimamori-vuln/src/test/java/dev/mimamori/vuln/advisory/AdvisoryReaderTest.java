package dev.mimamori.vuln.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.version.Version;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryReaderTest {
  private static Advisory only(String fixture) {
    ReadResult r = Fixtures.read(fixture);
    assertThat(r.advisories()).hasSize(1);
    return r.advisories().get(0);
  }

  private static boolean affects(Advisory a, String version) {
    return a.affected().stream().anyMatch(x -> x.range().contains(Version.parse(version)));
  }

  @Test
  void osvFixedEventExcludesThePatchReleaseThatFixedIt() {
    Advisory a = only("advisories/osv-GHSA-test.json");

    assertThat(List.of(affects(a, "1.2.0"), affects(a, "1.2.0-p1"))).containsExactly(true, false);
  }

  @Test
  void osvLastAffectedEventIncludesThatVersionOnly() {
    Advisory a = only("advisories/osv-GHSA-test.json");

    assertThat(List.of(affects(a, "2.0.3"), affects(a, "2.0.3-p1"))).containsExactly(true, false);
  }

  @Test
  void osvRecordTakesTheJvnNumberFromItsReferences() {
    Advisory a = only("advisories/osv-GHSA-test.json");

    assertThat(a.ids()).containsExactly("GHSA-2222-3333-4444", "CVE-2099-1001", "JVN#99990001");
  }

  @Test
  void osvSeverityComesFromTheCvssVector() {
    assertThat(only("advisories/osv-GHSA-test.json").severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void gitLabRangeMixesCommasSpacesAndAlternatives() {
    Advisory a = only("advisories/gitlab-CVE-2099-1001.yml");

    assertThat(List.of(affects(a, "2.0.3"), affects(a, "2.0.4"), affects(a, "1.2.1")))
        .containsExactly(true, false, false);
  }

  @Test
  void gitLabFixedVersionsAreKept() {
    Advisory a = only("advisories/gitlab-CVE-2099-1001.yml");

    assertThat(a.affected().get(0).fixed())
        .extracting(Version::text)
        .containsExactly("1.2.1", "2.0.4");
  }

  @Test
  void cve5ProseRangeIncludesItsLastPatchRelease() {
    Advisory a = only("advisories/cve5-CVE-2099-1002.json");

    assertThat(List.of(affects(a, "4.0.6-p1"), affects(a, "4.0.6-p2")))
        .containsExactly(true, false);
  }

  @Test
  void cve5ProductThatIsAPluginIsNotTakenForTheShop() {
    Advisory a = only("advisories/cve5-CVE-2099-1002.json");

    assertThat(a.notes()).anyMatch(n -> n.contains("not mapped") && n.contains("Plugin"));
  }

  @Test
  void nvdRecordWithABrokenRangeIsAnErrorAndTheOthersAreRead() {
    ReadResult r = Fixtures.read("advisories/nvd-page.json");

    assertThat(r.advisories())
        .extracting(Advisory::id)
        .containsExactly("CVE-2099-1003", "CVE-2099-1005");
    assertThat(r.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.record()).isEqualTo("CVE-2099-1004"));
  }

  @Test
  void nvdCpeWithAnUpdateFieldNamesThePatchRelease() {
    Advisory a = Fixtures.read("advisories/nvd-page.json").advisories().get(0);

    assertThat(List.of(affects(a, "4.1.2-p1"), affects(a, "4.1.2"))).containsExactly(true, false);
  }

  @Test
  void nvdJqueryCpeMapsToTheNpmPackage() {
    Advisory a = Fixtures.read("advisories/nvd-page.json").advisories().get(1);

    assertThat(a.affected().get(0).pkg()).isEqualTo(new PackageRef("npm", "jquery"));
  }

  @Test
  void jvnXmlRangeIsTiedToTheCveItNames() {
    Advisory a = Fixtures.read("advisories/jvn-vuldef.xml").advisories().get(0);

    assertThat(a.affected())
        .extracting(Affected::only)
        .containsExactly(List.of("CVE-2099-1002"), List.of("CVE-2099-1006"));
  }

  @Test
  void jvnXmlVersionTextThatNamesNoVersionIsANoteNotARange() {
    Advisory a = Fixtures.read("advisories/jvn-vuldef.xml").advisories().get(0);

    assertThat(a.notes()).anyMatch(n -> n.contains("すべてのバージョン"));
  }

  @Test
  void jvnXmlRecordWithoutAJvndbIdIsAnErrorOfItsOwn() {
    ReadResult r = Fixtures.read("advisories/jvn-vuldef.xml");

    assertThat(r.advisories()).hasSize(1);
    assertThat(r.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("JVNDB"));
  }

  @Test
  void jvnXmlMarkupInTheOverviewIsRemoved() {
    Advisory a = Fixtures.read("advisories/jvn-vuldef.xml").advisories().get(0);

    assertThat(a.description()).doesNotContain("<li>").contains("XSS");
  }

  @Test
  void jvnJsonAndItsOrEarlierPhrase() {
    Advisory a = only("advisories/jvn-JVNDB-2099-000003.json");

    assertThat(List.of(affects(a, "2.17.2"), affects(a, "2.17.3"))).containsExactly(true, false);
  }

  @Test
  void xmlWithADoctypeIsRefusedNotResolved() {
    ReadResult r = Fixtures.read("hostile/xxe.xml");

    assertThat(r.advisories()).isEmpty();
    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("DTD"));
  }

  @Test
  void yamlAliasBombIsNotExpanded() {
    ReadResult r =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(10), () -> Fixtures.read("hostile/aliases-bomb.yml"));

    assertThat(r.advisories())
        .singleElement()
        .satisfies(a -> assertThat(a.title()).hasSizeLessThan(100));
  }

  @Test
  void jsonOfNoKnownFormatIsAnError() {
    ReadResult r = Fixtures.read("hostile/unknown.json");

    assertThat(r.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("not an advisory format"));
  }

  @Test
  void csafIsNamedAsNotReadYetRatherThanTakenForNvd() {
    byte[] csaf =
        "{\"document\":{\"csaf_version\":\"2.0\"},\"vulnerabilities\":[{\"cve\":\"CVE-2099-1\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    ReadResult r = new AdvisoryReader().read("c.json", "c.json", csaf);

    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("CSAF"));
  }

  @Test
  void truncatedJsonIsAnError() {
    assertThat(Fixtures.read("hostile/truncated.json").errors()).hasSize(1);
  }

  @Test
  void controlCharactersInAnErrorAreMadeVisible() {
    byte[] bad =
        "{\"id\": \"GHSA-\\u001b[31m\", \"affected\": [{\"package\": {}, \"ranges\": []}]}"
            .getBytes(StandardCharsets.UTF_8);

    ReadResult r = new AdvisoryReader().read("x.json", "x.json", bad);

    assertThat(r.errors().get(0).toString()).doesNotContain("\u001b").contains("\\u001b");
  }

  @Test
  void correctionReplacesARangeThatDroppedThePatchSuffix() {
    byte[] yml =
        ("identifier: \"CVE-2023-22838\"\npackage_slug: \"packagist/ec-cube/ec-cube\"\n"
                + "affected_range: \">=4.0.0,<=4.0.6||>=4.1.0,<=4.1.2||=4.2.0\"\n"
                + "fixed_versions: [\"4.0.6-p1\", \"4.1.2-p1\", \"4.2.1\"]\n")
            .getBytes(StandardCharsets.UTF_8);

    Advisory a = new AdvisoryReader().read("c.yml", "c.yml", yml).advisories().get(0);

    assertThat(List.of(affects(a, "4.0.6-p2"), affects(a, "4.0.6-p3")))
        .containsExactly(true, false);
  }

  @Test
  void correctionKeepsTheSourcesOwnRangeInTheNotes() {
    byte[] yml =
        ("identifier: \"CVE-2023-22838\"\npackage_slug: \"packagist/ec-cube/ec-cube\"\n"
                + "affected_range: \">=4.0.0,<=4.0.6\"\n")
            .getBytes(StandardCharsets.UTF_8);

    Advisory a = new AdvisoryReader().read("c.yml", "c.yml", yml).advisories().get(0);

    assertThat(a.notes()).singleElement().satisfies(n -> assertThat(n).contains(">=4.0.0,<=4.0.6"));
  }

  @Test
  void storedJsonReadsBackToTheSameRanges() {
    Advisory a = Fixtures.read("advisories/jvn-vuldef.xml").advisories().get(0);

    Advisory back = AdvisoryJson.read(AdvisoryJson.write(a));

    assertThat(back.affected().get(0).range().contains(Version.parse("4.0.6-p1"))).isTrue();
    assertThat(back.ids()).isEqualTo(a.ids());
  }

  @Test
  void jvnXmlRecordNestedTooDeepIsAnErrorOfItsOwnNotOfTheFile() {
    String deep = "<a>".repeat(100) + "x" + "</a>".repeat(100);
    String xml =
        "<?xml version=\"1.0\"?><VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\">"
            + "<Vulinfo><VulinfoID>JVNDB-2099-000009</VulinfoID>"
            + deep
            + "</Vulinfo>"
            + "<Vulinfo><VulinfoID>JVNDB-2099-000010</VulinfoID><VulinfoData><Title>t</Title>"
            + "<Affected><AffectedItem><ProductName>EC-CUBE</ProductName>"
            + "<Cpe version=\"2.2\">cpe:/a:ec-cube:ec-cube</Cpe>"
            + "<VersionNumber>4.2.0</VersionNumber></AffectedItem></Affected></VulinfoData></Vulinfo>"
            + "</VULDEF-Document>";

    ReadResult r =
        new AdvisoryReader()
            .read("d.xml", "d.xml", xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(r.errors())
        .anySatisfy(e -> assertThat(e.message()).contains("nested deeper"))
        .noneSatisfy(e -> assertThat(e.message()).contains("not well-formed"));
  }

  @Test
  void jvnXmlDocumentNestedBeyondTheParsersLimitIsRefusedWhole() {
    int depth = SafeXml.MAX_ELEMENT_DEPTH + 1;
    String xml =
        "<?xml version=\"1.0\"?><VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"><Vulinfo>"
            + "<a>".repeat(depth)
            + "</a>".repeat(depth)
            + "</Vulinfo></VULDEF-Document>";

    ReadResult r =
        new AdvisoryReader()
            .read("d.xml", "d.xml", xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(r.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("not well-formed").contains("depth"));
  }
}
