package dev.mimamori.scan.heuristics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Files built to make a backtracking matcher or an unbounded structure blow up: each must be
 * scanned to a result. The assertions are on the results; the analyses are linear by construction,
 * so these finish quickly, but no test here measures time.
 */
class HostileInputTest {
  private static final int FIVE_MB = 5 * 1024 * 1024;
  private final HeuristicScanner scanner = new HeuristicScanner();

  private List<Finding> scan(String name, String content) throws IOException {
    return scanner.scan(ScanInput.ofBytes(name, content.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static String repeat(String unit, int length) {
    return unit.repeat(length / unit.length() + 1).substring(0, length);
  }

  @Test
  void fiveMegabytesOfOpenParenthesesAreNotCode() throws IOException {
    assertThat(scan("p.php", "<?php " + repeat("(", FIVE_MB))).isEmpty();
    assertThat(scan("p.js", repeat("(", FIVE_MB))).isEmpty();
  }

  @Test
  void nestedEvalOfRequestDataIsStillFoundUnderMillionsOfFrames() throws IOException {
    String nested = repeat("eval(", FIVE_MB) + "$_POST['x']";
    List<Finding> findings = scan("e.php", "<?php " + nested);
    assertThat(findings).extracting(Finding::rule).contains("php-request-to-eval");
  }

  @Test
  void fiveMegabytesOfBase64GarbageAreAtMostAWeakSignal() throws IOException {
    Random random = new Random(42);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder garbage = new StringBuilder(FIVE_MB);
    for (int i = 0; i < FIVE_MB; i++) {
      garbage.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    List<Finding> php = scan("b.php", "<?php $x = '" + garbage + "';");
    assertThat(php).allSatisfy(f -> assertThat(f.severity()).isLessThan(Severity.HIGH));
    List<Finding> js = scan("b.js", "var x = '" + garbage + "';");
    assertThat(js).isEmpty();
  }

  @Test
  void unterminatedLiteralsCommentsAndHeredocsEndAtTheEndOfTheFile() throws IOException {
    assertThat(scan("s.php", "<?php $a = '" + repeat("\\'", FIVE_MB))).isEmpty();
    assertThat(scan("c.php", "<?php /*" + repeat("*", FIVE_MB))).isEmpty();
    assertThat(scan("h.php", "<?php $a = <<<EOT\n" + repeat("EOTX\n", FIVE_MB))).isEmpty();
    assertThat(scan("r.js", "x = a / " + repeat("[/", FIVE_MB))).isEmpty();
  }

  private static String assignmentChain(int n) {
    StringBuilder chain = new StringBuilder("<?php $v0 = $_GET['c'];");
    for (int i = 1; i < n; i++) {
      chain.append("$v").append(i).append(" = $v").append(i - 1).append(";");
    }
    return chain.append("system($v").append(n - 1).append(");").toString();
  }

  @Test
  void requestDataIsFollowedThroughThousandsOfVariables() throws IOException {
    assertThat(scan("chain.php", assignmentChain(4_000)))
        .extracting(Finding::rule)
        .contains("php-request-to-command");
  }

  @Test
  void variablesBeyondTheCapAreForgottenNotStored() throws IOException {
    // 200,000 variables: the map stops at its cap, so the chain is lost instead of the heap.
    assertThat(scan("chain.php", assignmentChain(200_000)))
        .extracting(Finding::rule)
        .doesNotContain("php-request-to-command");
  }

  @Test
  void manyScriptTagsAndEscapesInAPageAreRead() throws IOException {
    String page = repeat("<script>\"\\x41\\u0042\"</script>", FIVE_MB);
    assertThat(scan("page.html", page)).isEmpty();
  }

  @Test
  void deepConstantFoldingOfAFunctionNameIsBounded() throws IOException {
    String name = "$f = " + repeat("strrev(", 70_000) + "'tressa'" + repeat(")", 70_000) + ";";
    List<Finding> findings = scan("fold.php", "<?php " + name + " $f($_POST['x']);");
    // Too deep to fold into 'assert', but a name that comes out of decoders is reported as such.
    assertThat(findings)
        .filteredOn(f -> f.rule().equals("php-hidden-function-name"))
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).doesNotContain("assert"));
  }
}
