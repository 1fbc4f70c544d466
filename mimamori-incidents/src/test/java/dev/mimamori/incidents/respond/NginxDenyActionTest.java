package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Observable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxDenyActionTest {
  @TempDir Path dir;

  ResponseAction action() {
    return ResponseActions.find("nginx-deny")
        .orElseThrow()
        .create(new NginxDenyAction.Config(dir.resolve("deny.conf")));
  }

  static ActionRequest ip(String value) {
    return new ActionRequest("shop-a", "incident-1", Observable.ip(value));
  }

  @Test
  void addsADenyLineForAnAddress() throws Exception {
    ActionResult r = action().execute(ip("203.0.113.45"));

    assertThat(r.changed()).isTrue();
    assertThat(Files.readAllLines(dir.resolve("deny.conf"))).contains("deny 203.0.113.45;");
  }

  @Test
  void addsEachAddressOnlyOnce() throws Exception {
    action().execute(ip("203.0.113.45"));

    ActionResult again = action().execute(ip("203.0.113.45"));

    assertThat(again.changed()).isFalse();
    assertThat(
            Files.readAllLines(dir.resolve("deny.conf")).stream().filter(l -> l.startsWith("deny")))
        .hasSize(1);
  }

  @Test
  void writesIpv6InCanonicalForm() throws Exception {
    action().execute(ip("2001:DB8:0:0:0:0:0:1"));

    assertThat(Files.readString(dir.resolve("deny.conf"))).contains("deny 2001:db8:0:0:0:0:0:1;");
  }

  @Test
  void refusesSomethingThatIsNotAnAddress() {
    assertThatThrownBy(() -> action().execute(ip("1.2.3.4; include /etc/passwd")))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("not an IP address");
    assertThat(dir.resolve("deny.conf")).doesNotExist();
  }

  @Test
  void refusesAHostName() {
    assertThatThrownBy(() -> action().execute(ip("evil.example")))
        .isInstanceOf(ActionException.class);
  }

  @Test
  void refusesATargetThatIsNotAnAddress() {
    ActionRequest url = new ActionRequest("shop-a", "i", Observable.url("/html/user_data/x.php"));

    assertThatThrownBy(() -> action().execute(url)).hasMessageContaining("acts on IP addresses");
  }

  @Test
  void reportsAnUnwritableFileAsTemporary() {
    ResponseAction broken =
        new NginxDenyAction(new NginxDenyAction.Config(dir.resolve("missing-dir/deny.conf")));

    assertThatThrownBy(() -> broken.execute(ip("203.0.113.45")))
        .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isTrue());
  }

  @Test
  void deniesANetwork() throws Exception {
    action().execute(ip("198.51.100.0/24"));

    assertThat(Files.readAllLines(dir.resolve("deny.conf"))).contains("deny 198.51.100.0/24;");
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndChangesNothing() throws Exception {
    ActionResult r = action().execute(ip("203.0.113.45").asDryRun());

    assertThat(r.changed()).isFalse();
    assertThat(r.summary()).startsWith("dry run:").contains("deny 203.0.113.45;");
    assertThat(dir.resolve("deny.conf")).doesNotExist();
  }

  @Test
  void aDryRunStillRefusesWhatIsNotAnAddress() {
    assertThatThrownBy(() -> action().execute(ip("1.2.3.4; include /etc/passwd").asDryRun()))
        .hasMessageContaining("not an IP address");
  }

  @Test
  void undoRemovesTheLineAndItsComment() throws Exception {
    Files.writeString(dir.resolve("deny.conf"), "# the operator's own\ndeny 192.0.2.1;\n");
    action().execute(ip("203.0.113.45"));
    action().execute(ip("203.0.113.46"));

    ActionResult r = action().undo(ip("203.0.113.45"));

    assertThat(r.changed()).isTrue();
    assertThat(Files.readAllLines(dir.resolve("deny.conf")))
        .containsExactly(
            "# the operator's own",
            "deny 192.0.2.1;",
            "# mimamori incident incident-1",
            "deny 203.0.113.46;");
  }

  @Test
  void undoOfWhatIsNotDeniedChangesNothing() throws Exception {
    assertThat(action().undo(ip("203.0.113.45")).changed()).isFalse();
  }

  @Test
  void aDryRunUndoLeavesTheLine() throws Exception {
    action().execute(ip("203.0.113.45"));

    ActionResult r = action().undo(ip("203.0.113.45").asDryRun());

    assertThat(r.summary()).startsWith("dry run: would remove");
    assertThat(Files.readAllLines(dir.resolve("deny.conf"))).contains("deny 203.0.113.45;");
  }

  @Test
  void runsTheReloadCommandAfterAChange() throws Exception {
    Path marker = dir.resolve("reloaded");
    ResponseAction a =
        new NginxDenyAction(
            new NginxDenyAction.Config(
                dir.resolve("deny.conf"), List.of("touch", marker.toString())));

    ActionResult r = a.execute(ip("203.0.113.45"));

    assertThat(r.summary()).contains("nginx reloaded");
    assertThat(marker).exists();
  }

  @Test
  void aFailedReloadPutsTheFileBackAndIsTemporary() throws Exception {
    Files.writeString(dir.resolve("deny.conf"), "deny 192.0.2.1;\n");
    ResponseAction a =
        new NginxDenyAction(new NginxDenyAction.Config(dir.resolve("deny.conf"), List.of("false")));

    assertThatThrownBy(() -> a.execute(ip("203.0.113.45")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.temporary()).isTrue();
              assertThat(e.getMessage()).contains("exit status 1").contains("put back");
            });
    assertThat(Files.readString(dir.resolve("deny.conf"))).isEqualTo("deny 192.0.2.1;\n");
  }

  @Test
  void aReloadProgramThatIsNotThereIsPermanent() {
    ResponseAction a =
        new NginxDenyAction(
            new NginxDenyAction.Config(
                dir.resolve("deny.conf"), List.of(dir.resolve("no-such-nginx").toString())));

    assertThatThrownBy(() -> a.execute(ip("203.0.113.45")))
        .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isFalse());
    assertThat(dir.resolve("deny.conf")).doesNotExist();
  }

  @Test
  void anIncidentIdCannotAddALine() throws Exception {
    action().execute(new ActionRequest("shop-a", "x\ndeny all;", Observable.ip("203.0.113.45")));

    assertThat(Files.readAllLines(dir.resolve("deny.conf")))
        .containsExactly("# mimamori incident x?deny all;", "deny 203.0.113.45;");
  }
}
