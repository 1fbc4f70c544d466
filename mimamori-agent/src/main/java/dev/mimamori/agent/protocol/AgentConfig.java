package dev.mimamori.agent.protocol;

import java.util.List;

/**
 * What a site's agents watch, as the server hands it out (and a local file may add to).
 *
 * @param version the configuration's version (0: the agent's own, nothing from the server)
 * @param logs log files: a path or a glob ({@code /var/log/nginx/*.log}) and a format
 * @param heartbeatSeconds how often to report health
 * @param roots web roots to watch for file changes (file integrity: a baseline first, then every
 *     change within seconds)
 */
public record AgentConfig(
    long version, List<WatchedLog> logs, int heartbeatSeconds, List<String> roots) {
  public static final int DEFAULT_HEARTBEAT_SECONDS = 10;

  /** The format of a buffered file change (its text is the change as JSON), not a log line. */
  public static final String FIM_FORMAT = "fim-change";

  public AgentConfig {
    logs = List.copyOf(logs);
    roots = roots == null ? List.of() : List.copyOf(roots);
    if (heartbeatSeconds <= 0) {
      heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
    }
  }

  public static AgentConfig empty() {
    return new AgentConfig(0, List.of(), DEFAULT_HEARTBEAT_SECONDS, List.of());
  }

  /** A log to tail. */
  public record WatchedLog(String path, String format) {
    public WatchedLog {
      java.util.Objects.requireNonNull(path, "path");
      java.util.Objects.requireNonNull(format, "format");
    }
  }
}
