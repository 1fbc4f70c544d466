package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Observable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineFileActionTest {
  @TempDir Path dir;
  Path www;
  Path shell;
  QuarantineFileAction action;

  @BeforeEach
  void setUp() throws Exception {
    www = Files.createDirectories(dir.resolve("www/html/user_data"));
    shell = Files.writeString(www.resolve("ba5e1f.php"), "<?php @eval($_POST['x']);\n");
    action =
        new QuarantineFileAction(
            new QuarantineFileAction.Config(
                dir.resolve("data"), List.of(dir.resolve("www")), true));
  }

  private ActionRequest request(String path) {
    return new ActionRequest("city", "inc-1", new Observable(Observable.Type.FILE_PATH, path));
  }

  @Test
  void replacesTheShellWithAnInertStub() throws Exception {
    action.execute(request(shell.toString()));
    assertThat(Files.readString(shell)).contains("quarantined by mimamori").doesNotContain("eval");
  }

  @Test
  void saysWhereTheFileWentForTheTimeline() throws Exception {
    assertThat(action.execute(request(shell.toString())).summary()).contains("into the vault as ");
  }

  @Test
  void refusesAFileOutsideTheWebRoots() throws Exception {
    Path other = Files.writeString(dir.resolve("secret.txt"), "x");
    assertThatThrownBy(() -> action.execute(request(other.toString())))
        .hasMessageContaining("outside the web roots");
  }

  @Test
  void refusesToEscapeTheRootThroughALinkedFolder() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("a.php"), "x");
    Files.createSymbolicLink(www.resolve("link"), outside);
    assertThatThrownBy(() -> action.execute(request(www.resolve("link/a.php").toString())))
        .hasMessageContaining("outside the web roots");
  }

  @Test
  void aFileAlreadyGoneChangesNothing() throws Exception {
    assertThat(action.execute(request(www.resolve("gone.php").toString())).changed()).isFalse();
  }

  @Test
  void actsOnFilePathsOnly() {
    assertThatThrownBy(
            () -> action.execute(new ActionRequest("city", "inc-1", Observable.ip("203.0.113.7"))))
        .hasMessageContaining("file paths");
  }

  @Test
  void isRegisteredByName() {
    assertThat(ResponseActions.names()).contains("quarantine-file");
  }

  @Test
  void aDryRunLeavesTheFileWhereItIs() throws Exception {
    ActionResult r = action.execute(request(shell.toString()).asDryRun());

    assertThat(r.summary()).startsWith("dry run: would quarantine");
    assertThat(Files.readString(shell)).contains("eval");
    assertThat(dir.resolve("data/vault")).doesNotExist();
  }

  @Test
  void aDryRunStillRefusesAFileOutsideTheWebRoots() throws Exception {
    Path other = Files.writeString(dir.resolve("secret.txt"), "x");
    assertThatThrownBy(() -> action.execute(request(other.toString()).asDryRun()))
        .hasMessageContaining("outside the web roots");
  }

  @Test
  void undoIsLeftToAPersonWithTheRestoreCommand() throws Exception {
    action.execute(request(shell.toString()));

    assertThatThrownBy(() -> action.undo(request(shell.toString())))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.temporary()).isFalse();
              assertThat(e.getMessage()).contains("mimamori restore ");
            });
    assertThat(Files.readString(shell)).contains("quarantined by mimamori");
  }

  @Test
  void refusesATtl() {
    assertThatThrownBy(() -> action.execute(request(shell.toString()).withTtl(Duration.ofHours(1))))
        .hasMessageContaining("does not expire");
  }
}
