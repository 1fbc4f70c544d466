package dev.mimamori.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.agent.protocol.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {
  @TempDir Path dir;

  Path file(String text) throws IOException {
    Path f = dir.resolve("agent.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void readsLogsWithTheirFormats() throws Exception {
    var local =
        AgentConfigFile.read(
            file("logs:\n  - {path: /var/log/nginx/access.log, format: combined}\n"));
    assertThat(local.logs())
        .containsExactly(new AgentConfig.WatchedLog("/var/log/nginx/access.log", "combined"));
  }

  @Test
  void readsWebRoots() throws Exception {
    assertThat(AgentConfigFile.read(file("roots: [/var/www/html]\n")).roots())
        .containsExactly(Path.of("/var/www/html"));
  }

  @Test
  void aRelativeLogPathIsAnError() {
    assertThatThrownBy(
            () -> AgentConfigFile.read(file("logs:\n  - {path: logs/a.log, format: combined}\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("must be absolute");
  }

  @Test
  void anUnknownFormatIsAnError() {
    assertThatThrownBy(
            () -> AgentConfigFile.read(file("logs:\n  - {path: /a.log, format: no-such}\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/a.log");
  }

  @Test
  void anUnknownKeyIsAnErrorNotSilence() {
    assertThatThrownBy(() -> AgentConfigFile.read(file("log:\n  - {path: /a.log}\n")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void anEmptyFileNamesNothing() throws Exception {
    assertThat(AgentConfigFile.read(file("")).logs()).isEmpty();
  }
}
