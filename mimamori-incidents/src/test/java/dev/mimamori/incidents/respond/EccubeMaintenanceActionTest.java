package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Observable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EccubeMaintenanceActionTest {
  @TempDir Path project;
  ResponseAction action;
  final ActionRequest request =
      new ActionRequest("shop", "inc-3", Observable.url("/html/user_data/x.php"));

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(project.resolve("index.php"), "<?php\n");
    action =
        ResponseActions.find("eccube-maintenance")
            .orElseThrow()
            .create(new EccubeMaintenanceAction.Config(project));
  }

  @Test
  void writesTheMaintenanceFileAsEcCubeDoes() throws Exception {
    ActionResult r = action.execute(request);

    assertThat(r.changed()).isTrue();
    String content = Files.readString(project.resolve(".maintenance"));
    // SystemService::enableMaintenance writes "{$mode}:{$token}", a 32-character token; index.php
    // and getMaintenanceToken() take explode(':', $contents)[1] as the admin's cookie value.
    assertThat(content).matches("mimamori:[A-Za-z0-9]{32}");
    assertThat(content.split(":")[1]).hasSize(32);
  }

  @Test
  void undoRemovesItsOwnFile() throws Exception {
    action.execute(request);

    assertThat(action.undo(request).changed()).isTrue();

    assertThat(project.resolve(".maintenance")).doesNotExist();
  }

  @Test
  void leavesMaintenanceThatSomeoneElseStartedAlone() throws Exception {
    // The admin screen's switch writes an empty mode: ":TOKEN".
    Files.writeString(project.resolve(".maintenance"), ":abcdefghijabcdefghijabcdefghij12");

    assertThat(action.execute(request).changed()).isFalse();
    assertThat(action.undo(request).changed()).isFalse();

    assertThat(Files.readString(project.resolve(".maintenance")))
        .isEqualTo(":abcdefghijabcdefghijabcdefghij12");
  }

  @Test
  void usesTheShopsConfiguredFile() throws Exception {
    Path elsewhere = project.resolve("var/maint");
    Files.createDirectories(elsewhere.getParent());
    new EccubeMaintenanceAction(new EccubeMaintenanceAction.Config(project, elsewhere))
        .execute(request);

    assertThat(elsewhere).exists();
    assertThat(project.resolve(".maintenance")).doesNotExist();
  }

  @Test
  void aDryRunWritesNothing() throws Exception {
    assertThat(action.execute(request.asDryRun()).summary()).startsWith("dry run: would write");
    assertThat(project.resolve(".maintenance")).doesNotExist();
  }

  @Test
  void refusesAMissingProject() {
    ResponseAction a =
        new EccubeMaintenanceAction(new EccubeMaintenanceAction.Config(project.resolve("nope")));
    assertThatThrownBy(() -> a.execute(request))
        .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isFalse());
  }

  @Test
  void neverFollowsALink() throws Exception {
    Path target = Files.writeString(project.resolve("target"), "mimamori:x");
    Files.createSymbolicLink(project.resolve(".maintenance"), target);

    assertThatThrownBy(() -> action.undo(request)).hasMessageContaining("symbolic link");
    assertThat(target).exists();
  }
}
