package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Observable;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
