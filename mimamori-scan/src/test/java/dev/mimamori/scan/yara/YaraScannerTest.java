package dev.mimamori.scan.yara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YaraScannerTest {
  static final String RULES =
      """
      rule eval_of_post : webshell php
      {
        meta:
          description = "PHP evaluates what the request posts"
          score = 85
        strings:
          $e = /eval\\s*\\(\\s*\\$_POST/
        condition:
          $e
      }

      rule named_like_a_shell
      {
        condition:
          filename == "c99.php"
      }

      rule marked_low
      {
        meta:
          severity = "low"
        strings:
          $m = "LOW-MARKER"
        condition:
          $m
      }

      rule no_meta { strings: $n = "PLAIN-MARKER" condition: $n }

      rule empty_file { condition: filesize == 0 }

      rule php_magic { condition: filetype == "PHP" and extension == ".jpg" }
      """;

  @TempDir Path dir;

  YaraRules rules = YaraRules.compile(RULES);
  YaraScanner scanner = new YaraScanner(rules);

  @AfterEach
  void close() {
    scanner.close();
    rules.close();
  }

  ScanInput file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return ScanInput.of(p, name);
  }

  List<String> rulesMatching(ScanInput input) throws IOException {
    return scanner.scan(input).stream().map(Finding::rule).toList();
  }

  @Test
  void aRuleMatchesTheFileThatHasItsPattern() throws Exception {
    ScanInput shell = file("x.php", "<?php eval($_POST['c']); ?>");

    assertThat(rulesMatching(shell)).containsExactly("eval_of_post");
  }

  @Test
  void aRuleDoesNotMatchAFileWithoutItsPattern() throws Exception {
    ScanInput clean = file("index.php", "<?php echo 'hello'; ?>");

    assertThat(rulesMatching(clean)).isEmpty();
  }

  @Test
  void theFilenameExternalVariableIsTheScannedFilesName() throws Exception {
    ScanInput named = file("c99.php", "nothing suspicious inside");

    assertThat(rulesMatching(named)).containsExactly("named_like_a_shell");
  }

  @Test
  void filetypeAndExtensionAreSetFromTheContentAndTheName() throws Exception {
    ScanInput polyglot = file("avatar.jpg", "<?php system('id');");

    assertThat(rulesMatching(polyglot)).containsExactly("php_magic");
  }

  @Test
  void theRulesTagsComeThrough() throws Exception {
    Finding f = scanner.scan(file("x.php", "eval($_POST[1])")).get(0);

    assertThat(f.tags()).containsExactly("webshell", "php");
  }

  @Test
  void theDescriptionIsTheReason() throws Exception {
    Finding f = scanner.scan(file("x.php", "eval($_POST[1])")).get(0);

    assertThat(f.reason()).isEqualTo("PHP evaluates what the request posts");
  }

  @Test
  void theMetaValuesComeThroughWithTheirTypes() throws Exception {
    YaraMatch m = scanner.matches(file("x.php", "eval($_POST[1])")).get(0);

    assertThat(m.meta())
        .containsEntry("description", "PHP evaluates what the request posts")
        .containsEntry("score", 85L);
  }

  @Test
  void aScoreOfEightyOrMoreIsCritical() throws Exception {
    Finding f = scanner.scan(file("x.php", "eval($_POST[1])")).get(0);

    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aSeverityMetaIsTakenAsItIs() throws Exception {
    Finding f = scanner.scan(file("m.txt", "LOW-MARKER")).get(0);

    assertThat(f.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void aRuleWithoutSeverityOrScoreIsHigh() throws Exception {
    Finding f = scanner.scan(file("m.txt", "PLAIN-MARKER")).get(0);

    assertThat(f.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void theEngineIsYara() throws Exception {
    Finding f = scanner.scan(file("m.txt", "PLAIN-MARKER")).get(0);

    assertThat(f.engine()).isEqualTo("yara");
  }

  @Test
  void anEmptyFileIsScanned() throws Exception {
    assertThat(rulesMatching(file("empty.txt", ""))).containsExactly("empty_file");
  }

  @Test
  void contentGivenInMemoryIsScanned() throws Exception {
    ScanInput input =
        ScanInput.ofBytes("mem.php", "eval( $_POST['x'] )".getBytes(StandardCharsets.UTF_8));

    assertThat(rulesMatching(input)).containsExactly("eval_of_post");
  }

  @Test
  void aFileLargerThanTheHeapReadLimitIsScannedWhole() throws Exception {
    Path p = dir.resolve("big.bin");
    byte[] big = new byte[200_000];
    byte[] marker = "PLAIN-MARKER".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, big, big.length - marker.length, marker.length);
    Files.write(p, big);
    ScanInput input = new ScanInput(p, "big.bin", big.length, 1024);

    assertThat(rulesMatching(input)).containsExactly("no_meta");
  }

  @Test
  void aFileOverTheYaraLimitIsNotScannedAndSaysSo() throws Exception {
    Path p = dir.resolve("huge.bin");
    Files.write(p, new byte[4096]);
    ScanInput input = new ScanInput(p, "huge.bin", 4096, 1024);
    try (YaraScanner small = new YaraScanner(rules, 5, 2048)) {
      assertThatThrownBy(() -> small.scan(input)).hasMessageContaining("over the limit");
    }
  }

  @Test
  void manyThreadsScanningAtOnceGetTheSameAnswersAsOne() throws Exception {
    List<ScanInput> inputs = new ArrayList<>();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ScanInput in = file("f" + i + ".php", i % 3 == 0 ? "eval($_POST[" + i + "])" : "clean " + i);
      inputs.add(in);
      expected.add(rulesMatching(in));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (ScanInput in : inputs) {
        futures.add(pool.submit(() -> rulesMatching(in)));
      }
      List<List<String>> actual = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        actual.add(f.get());
      }
      assertThat(actual).isEqualTo(expected);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aScannerThatOwnsItsRulesClosesThem() throws Exception {
    ScanInput in = file("x.php", "x");
    YaraRules own = YaraRules.compile("rule r { condition: true }");
    YaraScanner.owning(own).close();

    try (YaraScanner other = new YaraScanner(own)) {
      assertThatThrownBy(() -> other.scan(in)).hasMessageContaining("closed");
    }
  }

  @Test
  void aClosedScannerRefusesToScan() throws Exception {
    ScanInput in = file("x.php", "x");
    scanner.close();

    assertThatThrownBy(() -> scanner.scan(in)).isInstanceOf(IllegalStateException.class);
  }
}
