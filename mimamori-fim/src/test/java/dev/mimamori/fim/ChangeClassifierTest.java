package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeClassifierTest {
  private final ChangeClassifier eccube = new ChangeClassifier(AppProfile.ECCUBE4);
  private final ChangeClassifier wordpress = new ChangeClassifier(AppProfile.WORDPRESS);

  private static FileRecord file(String path) {
    return new FileRecord(path, FileKind.FILE, 10, 0644, 33, 33, 0, 0, 1, null, null, -1);
  }

  private static FileRecord dir(String path) {
    return new FileRecord(path, FileKind.DIRECTORY, 0, 0755, 33, 33, 0, 0, 1, null, null, -1);
  }

  private Severity added(ChangeClassifier c, String path) {
    return c.classify(path, ChangeKind.ADDED, null, file(path), null, List.of()).severity();
  }

  @Test
  void phtmlInWordPressUploadsIsCritical() {
    assertThat(added(wordpress, "wp-content/uploads/2026/11/a.phtml")).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aDoubleExtensionInUploadsIsCritical() {
    assertThat(added(eccube, "html/upload/save_image/a.php.jpg")).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aDoubleExtensionElsewhereIsHigh() {
    assertThat(added(eccube, "app/a.php.suspected")).isEqualTo(Severity.HIGH);
  }

  @Test
  void aNewImageInUploadsIsOnlyInfo() {
    assertThat(added(eccube, "html/upload/save_image/a.jpg")).isEqualTo(Severity.INFO);
  }

  @Test
  void aNewPhpFileOutsideUploadsIsMedium() {
    assertThat(added(eccube, "src/Eccube/Entity/Foo.php")).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void anHtaccessChangeIsFlagged() {
    String p = "html/upload/.htaccess";
    assertThat(
            eccube.classify(p, ChangeKind.MODIFIED, file(p), file(p), null, List.of()).severity())
        .isEqualTo(Severity.MEDIUM);
  }

  @Test
  void anEnvChangeSaysItHoldsCredentials() {
    String p = ".env";
    assertThat(eccube.classify(p, ChangeKind.MODIFIED, file(p), file(p), null, List.of()).reasons())
        .anyMatch(r -> r.contains("credentials"));
  }

  @Test
  void aNewPluginFolderIsMedium() {
    String p = "app/Plugin/Evil";
    assertThat(eccube.classify(p, ChangeKind.ADDED, null, dir(p), null, List.of()).severity())
        .isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aNewFileInAnAdminFolderIsMedium() {
    assertThat(added(wordpress, "wp-admin/x.css")).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aScanFindingRaisesTheSeverity() {
    String p = "html/a.txt";
    var finding =
        new dev.mimamori.scan.Finding(
            "yara", "WebShell_X", Severity.CRITICAL, "matched", List.of("webshell"));
    assertThat(
            eccube.classify(p, ChangeKind.ADDED, null, file(p), null, List.of(finding)).severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void packedCodeAddedToATemplateIsHigh() {
    String p = "app/template/default/index.twig";
    DiffSummary d =
        DiffSummary.of(
            new byte[0], "<script>eval(function(p,a,c,k,e,d){return p})</script>".getBytes());
    assertThat(eccube.classify(p, ChangeKind.MODIFIED, file(p), file(p), d, List.of()).severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void aGenericTreeTreatsAnUploadsFolderAsUploads() {
    assertThat(added(new ChangeClassifier(AppProfile.GENERIC), "site/uploads/x.php"))
        .isEqualTo(Severity.CRITICAL);
  }

  private static FileRecord link(String path, String target) {
    return new FileRecord(path, FileKind.SYMLINK, 1, 0777, 33, 33, 0, 0, 1, null, target, -1);
  }

  @Test
  void aNewLinkToTheEnvFileAboveTheWebRootIsHigh() {
    String p = "html/user_data/a.txt";
    assertThat(
            eccube
                .classify(p, ChangeKind.ADDED, null, link(p, "../../../.env"), null, List.of())
                .severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void aNewLinkInsideTheRootIsNotHigh() {
    String p = "html/user_data/current.css";
    assertThat(
            eccube
                .classify(p, ChangeKind.ADDED, null, link(p, "../assets/a.css"), null, List.of())
                .severity())
        .isLessThan(Severity.HIGH);
  }
}
