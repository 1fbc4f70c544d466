package dev.mimamori.agent.protocol;

import java.util.List;

/**
 * Records sent together. The server stores the records it has not stored yet (by sequence number
 * and by file position) and answers only once they are durable.
 *
 * @param protocol the sender's protocol version
 * @param agent the sender's id; must be the id of the certificate it presents
 * @param first the sequence number of the first record
 * @param last the sequence number of the last record
 * @param dropped records the agent dropped under its full-buffer policy so far (a gap the server
 *     expects)
 * @param buffer the id of the buffer the sequence numbers count in (a new buffer, after the old one
 *     was lost, starts them over)
 */
public record Batch(
    int protocol,
    String agent,
    long first,
    long last,
    long dropped,
    List<WireRecord> records,
    @org.jspecify.annotations.Nullable String buffer) {
  public Batch {
    java.util.Objects.requireNonNull(agent, "agent");
    records = List.copyOf(records);
  }
}
