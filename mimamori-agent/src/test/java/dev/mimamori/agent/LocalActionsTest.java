package dev.mimamori.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's {@code --actions} file: what the server may run here, and how. */
class LocalActionsTest {
  @TempDir Path dir;

  LocalActions load(String yaml) throws Exception {
    Path f = dir.resolve("actions.yaml");
    Files.writeString(f, yaml);
    return LocalActions.load(f, dir);
  }

  @Test
  void permitsTheActionsItNames() throws Exception {
    LocalActions a =
        load("quarantine-file: {roots: [/var/www/html]}\nnginx-deny: {deny_file: /tmp/d.conf}\n");

    assertThat(a.types()).containsExactlyInAnyOrder("quarantine-file", "nginx-deny");
  }

  @Test
  void refusesAnActionThatDoesNotRunOnTheHost() {
    assertThatThrownBy(() -> load("aws-waf-ipset: {}\n"))
        .hasMessageContaining("not an action of the host");
  }

  @Test
  void refusesAnUnknownSetting() {
    assertThatThrownBy(() -> load("nginx-deny: {deny_file: /tmp/d.conf, shell: 'rm -rf /'}\n"))
        .hasMessageContaining("nginx-deny");
  }

  @Test
  void readsJsonToo() throws Exception {
    assertThat(load("{\"nginx-deny\": {\"deny_file\": \"/tmp/d.conf\"}}").types())
        .containsExactly("nginx-deny");
  }

  @Test
  void anActionWhoseSettingsAllHaveDefaultsNeedsNone() throws Exception {
    assertThat(load("nftables-block: {}\n").types()).containsExactly("nftables-block");
  }
}
