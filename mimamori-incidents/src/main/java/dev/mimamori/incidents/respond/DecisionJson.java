package dev.mimamori.incidents.respond;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Decisions as CrowdSec's Local API writes them (its swagger's {@code Decision}, {@code
 * GetDecisionsResponse}, {@code DecisionsStreamResponse} and {@code ErrorResponse}): {@code
 * duration} is the time left in Go's duration format (negative for a decision that has ended), as
 * bouncers read it. The tenant and incident are not sent: bouncers need neither.
 */
public final class DecisionJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionJson() {}

  /** One decision. */
  public static ObjectNode decision(Decision d, Instant now) {
    ObjectNode o = JSON.createObjectNode();
    o.put("duration", GoDuration.format(Duration.between(now, d.until())));
    o.put("id", d.id());
    o.put("origin", d.origin());
    o.put("scenario", d.scenario());
    o.put("scope", d.scope());
    o.put("type", d.type());
    o.put("value", d.value());
    o.put("until", d.until().truncatedTo(ChronoUnit.SECONDS).toString());
    o.put("uuid", d.uuid());
    return o;
  }

  /** {@code {"new":[...],"deleted":[...]}}: both always arrays, empty when nothing changed. */
  public static String stream(DecisionStream.Batch batch, Instant now) {
    ObjectNode o = JSON.createObjectNode();
    o.set("new", array(batch.added(), now));
    o.set("deleted", array(batch.deleted(), now));
    return write(o);
  }

  /** Live mode's answer: an array, or {@code null} when no decision matches (as CrowdSec does). */
  public static String list(List<Decision> decisions, Instant now) {
    return decisions.isEmpty() ? "null" : write(array(decisions, now));
  }

  /** {@code {"message":"..."}}. */
  public static String error(String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("message", message);
    return write(o);
  }

  private static ArrayNode array(List<Decision> decisions, Instant now) {
    ArrayNode a = JSON.createArrayNode();
    for (Decision d : decisions) {
      a.add(decision(d, now));
    }
    return a;
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // cannot happen for a tree
    }
  }
}
