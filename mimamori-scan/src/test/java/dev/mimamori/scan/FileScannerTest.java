package dev.mimamori.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.yara.YaraRules;
import dev.mimamori.scan.yara.YaraScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileScannerTest {
  /** Finds "EVIL" (high) and "SHADY" (low): enough to tell files apart. */
  static final class MarkerScanner implements ContentScanner {
    @Override
    public String engine() {
      return "test";
    }

    @Override
    public List<Finding> scan(ScanInput input) throws IOException {
      String text = new String(input.content(), StandardCharsets.ISO_8859_1);
      List<Finding> out = new ArrayList<>();
      if (text.contains("EVIL")) {
        out.add(new Finding("test", "evil", Severity.HIGH, "evil marker", List.of("webshell")));
      }
      if (text.contains("SHADY")) {
        out.add(new Finding("test", "shady", Severity.LOW, "shady marker", List.of()));
      }
      return out;
    }
  }

  @TempDir Path dir;
  @TempDir Path elsewhere;

  final List<ScanReport> reports = Collections.synchronizedList(new ArrayList<>());

  Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  ScanSummary scan(int threads, ContentScanner... scanners) throws InterruptedException {
    return new FileScanner(List.of(scanners), threads).scan(List.of(dir), reports::add);
  }

  ScanReport report(String name) {
    return reports.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void reportsTheSizeAndSha256OfEachFile() throws Exception {
    write("a.php", "hello");

    scan(1, new MarkerScanner());

    assertThat(report("a.php"))
        .extracting(ScanReport::size, ScanReport::sha256)
        .containsExactly(5L, sha256("hello".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void aFilesSeverityIsItsMostSevereFinding() throws Exception {
    write("both.php", "SHADY and EVIL");

    scan(1, new MarkerScanner());

    assertThat(report("both.php").severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void aCleanFileHasNoSeverity() throws Exception {
    write("clean.php", "fine");

    scan(1, new MarkerScanner());

    assertThat(report("clean.php").severity()).isNull();
  }

  @Test
  void directoriesAreWalkedAndNamesAreRelativeToTheRoot() throws Exception {
    write("a/b/c.js", "x");

    scan(2, new MarkerScanner());

    assertThat(reports).extracting(ScanReport::name).containsExactly("a/b/c.js");
  }

  @Test
  void theReportedPathStartsWithTheRootAsGiven() throws Exception {
    write("a/b.js", "x");

    scan(1, new MarkerScanner());

    assertThat(report("a/b.js").path()).isEqualTo(dir.resolve("a/b.js").toString());
  }

  @Test
  void scanningInParallelGivesTheSameReportsAsSerially() throws Exception {
    for (int i = 0; i < 300; i++) {
      write("d" + (i % 7) + "/f" + i + ".php", i % 5 == 0 ? "EVIL " + i : "ok " + i);
    }
    try (YaraRules rules =
            YaraRules.compile("rule yara_evil { strings: $ = \"EVIL\" condition: all of them }");
        YaraScanner yara = new YaraScanner(rules)) {
      scan(1, new MarkerScanner(), yara);
      List<ScanReport> serial = sorted(reports);
      reports.clear();

      scan(4, new MarkerScanner(), yara);

      assertThat(sorted(reports)).hasSize(300).isEqualTo(serial);
    }
  }

  static List<ScanReport> sorted(List<ScanReport> rs) {
    List<ScanReport> copy = new ArrayList<>(rs);
    copy.sort(Comparator.comparing(ScanReport::name));
    return copy;
  }

  @Test
  void theSummaryCountsFilesBytesAndFindings() throws Exception {
    write("a.php", "EVIL");
    write("b.php", "SHADY EVIL");
    write("c.php", "ok");

    ScanSummary s = scan(2, new MarkerScanner());

    assertThat(List.of(s.files(), s.bytes(), s.filesWithFindings(), s.findings()))
        .containsExactly(3L, 16L, 2L, 3L);
  }

  @Test
  void anEmptyFileIsScannedAndClean() throws Exception {
    write("empty.php", "");

    scan(1, new MarkerScanner());

    assertThat(report("empty.php"))
        .extracting(ScanReport::skipped, ScanReport::size, ScanReport::sha256)
        .containsExactly(null, 0L, sha256(new byte[0]));
  }

  @Test
  void anUnreadableFileIsReportedAndTheRestIsScanned() throws Exception {
    Path locked = write("locked.php", "");
    write("open.php", "EVIL");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(locked), "running as a user who reads any file (root)");

    scan(1, new MarkerScanner());

    assertThat(List.of(report("locked.php").skipped(), report("open.php").hasFindings()))
        .containsExactly(ScanReport.Skip.UNREADABLE, true);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aFifoIsReportedAndNeverOpened() throws Exception {
    Path fifo = dir.resolve("pipe.php");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0 && Files.exists(fifo), "mkfifo not available");

    scan(1, new MarkerScanner());

    assertThat(report("pipe.php").skipped()).isEqualTo(ScanReport.Skip.SPECIAL_FILE);
  }

  @Test
  void aLoopOfSymbolicLinksIsReported() throws Exception {
    Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));

    scan(1, new MarkerScanner());

    assertThat(reports)
        .extracting(ScanReport::skipped)
        .containsExactly(ScanReport.Skip.SYMLINK_LOOP, ScanReport.Skip.SYMLINK_LOOP);
  }

  @Test
  void aLinkToADirectoryAboveItIsReportedAsALoopAndNotDescended() throws Exception {
    write("sub/x.php", "EVIL");
    Files.createSymbolicLink(dir.resolve("sub/up"), Path.of(".."));

    scan(1, new MarkerScanner());

    assertThat(reports)
        .extracting(ScanReport::name, ScanReport::skipped)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("sub/x.php", null),
            org.assertj.core.groups.Tuple.tuple("sub/up", ScanReport.Skip.SYMLINK_LOOP));
  }

  @Test
  void aLinkOutOfTheTreeIsReportedAndNotFollowed() throws Exception {
    Path outside = elsewhere.resolve("secret.php");
    Files.writeString(outside, "EVIL");
    Files.createSymbolicLink(dir.resolve("link.php"), outside);

    scan(1, new MarkerScanner());

    assertThat(reports)
        .singleElement()
        .extracting(ScanReport::skipped, ScanReport::hasFindings)
        .containsExactly(ScanReport.Skip.SYMLINK_OUTSIDE, false);
  }

  @Test
  void aLinkInsideTheTreeIsCountedAndItsTargetScannedOnce() throws Exception {
    write("real.php", "EVIL");
    Files.createSymbolicLink(dir.resolve("alias.php"), Path.of("real.php"));

    ScanSummary s = scan(1, new MarkerScanner());

    assertThat(List.of(s.files(), s.symlinksInside(), s.skipped())).containsExactly(1L, 1L, 0L);
  }

  @Test
  void aDanglingLinkIsReported() throws Exception {
    Files.createSymbolicLink(dir.resolve("gone.php"), Path.of("nothing-here.php"));

    scan(1, new MarkerScanner());

    assertThat(report("gone.php").skipped()).isEqualTo(ScanReport.Skip.SYMLINK_DANGLING);
  }

  @Test
  void aFileThatVanishedBeforeItWasReadIsReported() throws Exception {
    Path p = write("short-lived.php", "EVIL");
    long size = Files.size(p);
    Files.delete(p);

    ScanReport r =
        new FileScanner(List.of(new MarkerScanner()), 1)
            .scanFile(p, p.toString(), "short-lived.php", size);

    assertThat(r.skipped()).isEqualTo(ScanReport.Skip.VANISHED);
  }

  @Test
  void aMissingRootIsReportedNotThrown() throws Exception {
    new FileScanner(List.of(new MarkerScanner()), 1)
        .scan(List.of(dir.resolve("nope")), reports::add);

    assertThat(reports).extracting(ScanReport::skipped).containsExactly(ScanReport.Skip.VANISHED);
  }

  @Test
  void aScannerThatFailsLeavesANoteAndTheOtherScannersStillRun() throws Exception {
    write("x.php", "EVIL");
    ContentScanner broken =
        new ContentScanner() {
          @Override
          public String engine() {
            return "broken";
          }

          @Override
          public List<Finding> scan(ScanInput input) {
            throw new IllegalStateException("bug in a detector");
          }
        };

    scan(1, broken, new MarkerScanner());

    assertThat(report("x.php"))
        .extracting(r -> r.notes(), r -> r.findings().size())
        .containsExactly(List.of("broken: bug in a detector"), 1);
  }

  @Test
  void aNameWithALineBreakIsScannedAndFlagged() throws Exception {
    write("evil\nname.php", "EVIL");

    scan(1, new MarkerScanner());

    assertThat(report("evil\nname.php"))
        .extracting(ScanReport::hasFindings, r -> r.notes().size())
        .containsExactly(true, 1);
  }

  @Test
  void aNameThatIsNotUtf8IsScannedAndFlagged() throws Exception {
    Process p =
        new ProcessBuilder("sh", "-c", "printf EVIL > \"$(printf 'bad\\377.php')\"")
            .directory(dir.toFile())
            .start();
    assumeTrue(p.waitFor() == 0, "no sh to make the file with");

    scan(1, new MarkerScanner());

    assertThat(reports)
        .singleElement()
        .extracting(ScanReport::hasFindings, r -> r.notes().size())
        .containsExactly(true, 1);
  }

  @Test
  void aFileOverTheContentLimitIsHashedWhole() throws Exception {
    byte[] big = new byte[100_000];
    big[99_999] = 7;
    Files.write(dir.resolve("big.bin"), big);

    new FileScanner(List.of(), 1, 1024).scan(List.of(dir), reports::add);

    assertThat(report("big.bin").sha256()).isEqualTo(sha256(big));
  }

  @Test
  void aFileOnTheAllowListIsHashedButNotScanned() throws Exception {
    Path p = write("release.php", "EVIL");
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
    var allow = dev.mimamori.scan.allow.AllowList.of("release", List.of(sha));

    new FileScanner(List.of(new MarkerScanner()), 1, ScanInput.DEFAULT_MAX_BYTES, allow)
        .scan(List.of(dir), reports::add);

    assertThat(report("release.php").findings()).isEmpty();
  }

  @Test
  void aSingleFileCanBeTheRoot() throws Exception {
    Path p = write("only.php", "EVIL");

    new FileScanner(List.of(new MarkerScanner()), 1).scan(List.of(p), reports::add);

    assertThat(reports).extracting(ScanReport::name).containsExactly("only.php");
  }

  @Test
  void whatTheSinkThrowsEndsTheScan() throws Exception {
    write("a.php", "x");
    FileScanner scanner = new FileScanner(List.of(new MarkerScanner()), 2);

    assertThatThrownBy(
            () ->
                scanner.scan(
                    List.of(dir),
                    r -> {
                      throw new IllegalStateException("output closed");
                    }))
        .hasMessage("output closed");
  }
}
