package dev.mimamori.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mimamori.agent.protocol.AgentConfig;
import dev.mimamori.sensors.parse.Parsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's local configuration file ({@code agent run --config FILE}), YAML or JSON: logs and
 * web roots that add to what the server's configuration names, for bootstrapping or for what only
 * this host has.
 *
 * <pre>
 * logs:
 *   - {path: /var/log/nginx/access.log, format: combined}
 *   - {path: "/var/www/html/var/log/prod/*.log", format: eccube}
 * roots: [/var/www/html]
 * </pre>
 */
public final class AgentConfigFile {
  private AgentConfigFile() {}

  /** What the file names. */
  public record Local(List<AgentConfig.WatchedLog> logs, List<Path> roots) {}

  private record Raw(List<AgentConfig.WatchedLog> logs, List<String> roots) {}

  /**
   * Reads and checks the file: absolute paths, known formats; an unknown key is an error (a typo
   * must not silently watch nothing).
   *
   * @throws IOException unreadable, malformed, or a bad entry (the message says which)
   */
  public static Local read(Path file) throws IOException {
    if (Files.size(file) > 1024 * 1024) {
      throw new IOException(file + ": larger than 1 MiB");
    }
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Raw raw;
    if (Files.readString(file).isBlank()) {
      return new Local(List.of(), List.of()); // an empty file names nothing
    }
    try {
      raw = yaml.readValue(file.toFile(), Raw.class);
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": " + firstLine(e.getMessage()), e);
    }
    List<AgentConfig.WatchedLog> logs = new ArrayList<>();
    List<Path> roots = new ArrayList<>();
    if (raw == null) {
      return new Local(logs, roots);
    }
    for (AgentConfig.WatchedLog l :
        raw.logs() == null ? List.<AgentConfig.WatchedLog>of() : raw.logs()) {
      if (!l.path().startsWith("/")) {
        throw new IOException(file + ": a log's path must be absolute (got " + l.path() + ")");
      }
      try {
        Parsers.forFormat(l.format());
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + l.path() + ": " + e.getMessage(), e);
      }
      logs.add(l);
    }
    for (String r : raw.roots() == null ? List.<String>of() : raw.roots()) {
      if (!r.startsWith("/")) {
        throw new IOException(file + ": a web root must be absolute (got " + r + ")");
      }
      roots.add(Path.of(r).normalize());
    }
    return new Local(logs, roots);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
