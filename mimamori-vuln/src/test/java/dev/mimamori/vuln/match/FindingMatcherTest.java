package dev.mimamori.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryGroup;
import dev.mimamori.vuln.advisory.Fixtures;
import dev.mimamori.vuln.advisory.Merger;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.inventory.Component;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingMatcherTest {
  private static final PackageRef SHOP = new PackageRef("packagist", "example/shop");

  private static List<Advisory> all() {
    List<Advisory> out = new ArrayList<>();
    for (String f : Fixtures.ADVISORIES) {
      out.addAll(Fixtures.read(f).advisories());
    }
    return out;
  }

  private static List<Finding> match(PackageRef pkg, String version) {
    return new FindingMatcher(Merger.merge(all()))
        .match(List.of(new Component(pkg, version, "t")), n -> {});
  }

  @Test
  void recordsOfOneFlawAreMergedByTheirAliases() {
    List<AdvisoryGroup> groups = Merger.merge(all());

    assertThat(groups)
        .filteredOn(g -> g.ids().contains("GHSA-2222-3333-4444"))
        .singleElement()
        .satisfies(g -> assertThat(g.records()).hasSize(2));
  }

  @Test
  void theJvnNumberComesFirst() {
    Finding f = match(SHOP, "1.1.0").get(0);

    assertThat(f.ids()).containsExactly("JVN#99990001", "CVE-2099-1001", "GHSA-2222-3333-4444");
  }

  @Test
  void sourcesThatDisagreeAreBothShown() {
    Finding f = match(SHOP, "2.0.3-p1").get(0);

    assertThat(f.disagreement()).isTrue();
    assertThat(f.verdicts()).extracting(Verdict::affected).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void fixedInIsTheNearestVersionNoSourceCallsAffected() {
    assertThat(match(SHOP, "2.0.3-p1").get(0).fixedIn()).isEqualTo("2.0.4");
  }

  @Test
  void fixedInSkipsAFixThatAnotherSourceStillCallsAffected() {
    // OSV says 1.2.0-p1 fixed it; GitLab's range ends at 1.2.0, so 1.2.0-p1 is clean for both.
    assertThat(match(SHOP, "1.2.0").get(0).fixedIn()).isEqualTo("1.2.0-p1");
  }

  @Test
  void aJvnRangeTiedToOneCveNamesOnlyThatCve() {
    List<Finding> f = match(PackageRef.ECCUBE, "4.2.0");

    assertThat(f)
        .filteredOn(x -> x.ids().contains("JVN#99990002"))
        .singleElement()
        .satisfies(
            x -> assertThat(x.ids()).contains("CVE-2099-1006").doesNotContain("CVE-2099-1002"));
  }

  @Test
  void aVersionNoRecordNamesHasNoFinding() {
    assertThat(match(PackageRef.ECCUBE, "4.3.0")).isEmpty();
  }

  @Test
  void anUnreadableInstalledVersionIsANoteNotAFinding() {
    List<String> notes = new ArrayList<>();

    List<Finding> f =
        new FindingMatcher(Merger.merge(all()))
            .match(
                List.of(new Component(PackageRef.ECCUBE, "3.n-alpha4", "Constant.php")),
                notes::add);

    assertThat(f).isEmpty();
    assertThat(notes).singleElement().satisfies(n -> assertThat(n).contains("3.n-alpha4"));
  }

  @Test
  void theMostSevereFindingComesFirst() {
    List<Finding> f = match(PackageRef.ECCUBE, "4.0.6-p1");

    assertThat(f.get(0).ids()).contains("CVE-2099-1002");
  }

  private static Advisory gitlab(String cve, String range) {
    String yaml =
        "identifier: \""
            + cve
            + "\"\n"
            + "package_slug: \"packagist/example/multi\"\n"
            + "title: \"flaw "
            + cve
            + "\"\n"
            + "affected_range: \""
            + range
            + "\"\n"
            + "urls: [\"https://jvn.jp/en/jp/JVN99997777/\"]\n";
    return new dev.mimamori.vuln.advisory.AdvisoryReader()
        .read(cve + ".yml", cve, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .advisories()
        .get(0);
  }

  @Test
  void recordAboutAnotherCveOfTheSameJvnEntryIsNoDisagreement() {
    PackageRef multi = new PackageRef("packagist", "example/multi");
    List<Finding> f =
        new FindingMatcher(
                Merger.merge(
                    List.of(gitlab("CVE-2099-7001", "<2.0.0"), gitlab("CVE-2099-7002", "<1.0.0"))))
            .match(List.of(new Component(multi, "1.5.0", "t")), n -> {});

    // Both records are in the finding's group (two verdicts), and still they do not disagree.
    assertThat(f)
        .singleElement()
        .satisfies(
            x ->
                assertThat(List.of(x.verdicts().size(), x.disagreement()))
                    .containsExactly(2, false));
  }
}
