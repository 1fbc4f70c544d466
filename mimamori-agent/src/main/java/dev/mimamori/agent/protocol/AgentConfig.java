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
 * @param rescanSeconds how often the web roots get a quick pass besides inotify (seconds)
 * @param fullScanHours how often every file of the web roots is hashed again (hours)
 * @param actions the response actions the site's agents may run, or null for every one the host
 *     permits (a host never runs an action its own {@code --actions} file does not permit)
 */
public record AgentConfig(
    long version,
    List<WatchedLog> logs,
    int heartbeatSeconds,
    List<String> roots,
    int rescanSeconds,
    int fullScanHours,
    @org.jspecify.annotations.Nullable List<String> actions) {
  public static final int DEFAULT_HEARTBEAT_SECONDS = 10;
  public static final int DEFAULT_RESCAN_SECONDS = 600;
  public static final int DEFAULT_FULL_SCAN_HOURS = 24;

  /** The format of a buffered file change (its text is the change as JSON), not a log line. */
  public static final String FIM_FORMAT = "fim-change";

  public AgentConfig {
    logs = List.copyOf(logs);
    roots = roots == null ? List.of() : List.copyOf(roots);
    if (heartbeatSeconds <= 0) {
      heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
    }
    if (rescanSeconds <= 0) {
      rescanSeconds = DEFAULT_RESCAN_SECONDS;
    }
    if (fullScanHours <= 0) {
      fullScanHours = DEFAULT_FULL_SCAN_HOURS;
    }
    actions = actions == null ? null : List.copyOf(actions);
  }

  public static AgentConfig empty() {
    return new AgentConfig(
        0,
        List.of(),
        DEFAULT_HEARTBEAT_SECONDS,
        List.of(),
        DEFAULT_RESCAN_SECONDS,
        DEFAULT_FULL_SCAN_HOURS,
        null);
  }

  /** This configuration with the local one's logs and roots added (a local file, the options). */
  public AgentConfig plus(List<WatchedLog> moreLogs, List<String> moreRoots) {
    List<WatchedLog> l = new java.util.ArrayList<>(logs);
    for (WatchedLog w : moreLogs) {
      if (!l.contains(w)) {
        l.add(w);
      }
    }
    List<String> r = new java.util.ArrayList<>(roots);
    for (String x : moreRoots) {
      if (!r.contains(x)) {
        r.add(x);
      }
    }
    return new AgentConfig(version, l, heartbeatSeconds, r, rescanSeconds, fullScanHours, actions);
  }

  /** A log to tail. */
  public record WatchedLog(String path, String format) {
    public WatchedLog {
      java.util.Objects.requireNonNull(path, "path");
      if (format == null || format.isBlank()) {
        format = "auto";
      }
    }
  }
}
