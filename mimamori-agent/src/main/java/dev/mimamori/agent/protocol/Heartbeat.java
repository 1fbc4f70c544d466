package dev.mimamori.agent.protocol;

import java.util.List;
import java.util.Map;

/**
 * What an agent says of itself every few seconds.
 *
 * @param version the agent's build version
 * @param protocol its protocol version
 * @param configVersion the version of the central configuration it runs (0: none yet)
 * @param sources each watched file and how far behind its end the agent is
 * @param buffer how full its buffer is, and what it dropped
 * @param host facts of the host it runs on
 * @param errors recent problems (a source unreadable, a bad configuration), newest last
 * @param intervalSeconds how often the agent sends one (the server waits longer than that before
 *     calling it silent); 0 when not said
 */
public record Heartbeat(
    String version,
    int protocol,
    long configVersion,
    List<SourceLag> sources,
    BufferState buffer,
    Map<String, String> host,
    List<String> errors,
    int intervalSeconds) {
  public Heartbeat {
    java.util.Objects.requireNonNull(version, "version");
    java.util.Objects.requireNonNull(buffer, "buffer");
    sources = List.copyOf(sources);
    host = Map.copyOf(host);
    errors = List.copyOf(errors);
  }

  /** A watched file and the bytes between the agent's position and its end. */
  public record SourceLag(String path, String format, long lagBytes) {}

  /**
   * The buffer: bytes used of the maximum, records not yet acknowledged, records dropped by policy.
   */
  public record BufferState(
      long bytes, long maxBytes, long pending, long dropped, String fullPolicy) {}
}
