package dev.mimamori.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A {@link WebhookReceiver} on a free port, for server tests in another package. */
public final class WebhookReceiverForServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebhookReceiver receiver;

  public WebhookReceiverForServer() throws IOException {
    receiver = new WebhookReceiver(0);
  }

  /** Stall every request (hold it open) until the receiver closes, or accept them. */
  public void stall(boolean on) {
    receiver.mode = on ? WebhookReceiver.Mode.STALL : WebhookReceiver.Mode.ACCEPT;
  }

  /** Waits until a request is held open by {@link #stall}. */
  public boolean awaitStalled(long seconds) throws InterruptedException {
    return receiver.stalled.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The idempotency keys of all requests received, whatever the answer. */
  public List<String> seen() {
    return List.copyOf(receiver.seen);
  }

  /** The idempotency keys of the requests accepted. */
  public List<String> accepted() {
    return List.copyOf(receiver.accepted);
  }

  public String url() {
    return receiver.url();
  }

  /** The documents received about one incident, in order. */
  public List<JsonNode> pages(String incidentId) {
    List<JsonNode> out = new ArrayList<>();
    for (String b : receiver.bodies) {
      try {
        JsonNode n = JSON.readTree(b);
        if (n.path("incident").path("id").asText().equals(incidentId)) {
          out.add(n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Whom the messages about one incident were for (their recipient), in order. */
  public List<String> recipients(String incidentId) {
    return pages(incidentId).stream().map(n -> n.path("recipient").asText()).toList();
  }

  @Override
  public void close() {
    receiver.close();
  }
}
