package dev.mimamori.agent;

import dev.mimamori.agent.protocol.AgentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an agent runs; checked once here.
 *
 * @param server the server's agent listener ({@code https://host:port})
 * @param enrollToken the enrollment token ({@code mme_…​.<CA pin>}); needed only on first start
 * @param stateDir where its identity, buffer and checkpoints live
 * @param localLogs logs to watch besides what the server's configuration names
 * @param bufferMaxBytes the buffer's size limit
 * @param fullPolicy what a full buffer does
 * @param heartbeatSeconds how often to report, or 0 for the server's setting
 * @param version this build's version
 * @param localRoots web roots to watch besides what the server's configuration names
 * @param actions the response actions this host lets the server run through the agent
 */
public record AgentOptions(
    URI server,
    @Nullable String enrollToken,
    Path stateDir,
    List<AgentConfig.WatchedLog> localLogs,
    long bufferMaxBytes,
    DiskBuffer.FullPolicy fullPolicy,
    int heartbeatSeconds,
    String version,
    List<java.nio.file.Path> localRoots,
    LocalActions actions) {
  public static final long DEFAULT_BUFFER_BYTES = 256L * 1024 * 1024;

  /** Options of an agent that permits no response action. */
  public AgentOptions(
      URI server,
      @Nullable String enrollToken,
      Path stateDir,
      List<AgentConfig.WatchedLog> localLogs,
      long bufferMaxBytes,
      DiskBuffer.FullPolicy fullPolicy,
      int heartbeatSeconds,
      String version,
      List<java.nio.file.Path> localRoots) {
    this(
        server,
        enrollToken,
        stateDir,
        localLogs,
        bufferMaxBytes,
        fullPolicy,
        heartbeatSeconds,
        version,
        localRoots,
        LocalActions.none());
  }

  /** The same options permitting these response actions. */
  public AgentOptions withActions(LocalActions permitted) {
    return new AgentOptions(
        server,
        enrollToken,
        stateDir,
        localLogs,
        bufferMaxBytes,
        fullPolicy,
        heartbeatSeconds,
        version,
        localRoots,
        permitted);
  }

  public AgentOptions {
    Objects.requireNonNull(server, "server");
    if (!"https".equals(server.getScheme()) || server.getHost() == null) {
      throw new IllegalArgumentException(
          "--server must be the server's agent listener as https://HOST:PORT (got " + server + ")");
    }
    localLogs = List.copyOf(localLogs);
    localRoots = List.copyOf(localRoots);
    Objects.requireNonNull(actions, "actions");
    if (bufferMaxBytes < 1024 * 1024) {
      throw new IllegalArgumentException("--buffer-max must be at least 1 MiB");
    }
    if (heartbeatSeconds < 0 || heartbeatSeconds > 3600) {
      throw new IllegalArgumentException("--heartbeat must be between 1 and 3600 seconds");
    }
  }

  /**
   * Splits an enrollment token into its secret and the server CA's pin.
   *
   * @throws IllegalArgumentException when it is not {@code SECRET.PIN} with a 64-hex-digit pin
   */
  public static String[] splitToken(String token) {
    int dot = token.lastIndexOf('.');
    String pin = dot < 0 ? "" : token.substring(dot + 1);
    if (dot <= 0 || !pin.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          "an enrollment token is the 'enroll_token' the server gave (SECRET.CA-PIN), as it is");
    }
    return new String[] {token.substring(0, dot), pin.toLowerCase(java.util.Locale.ROOT)};
  }
}
