package dev.mimamori.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A notification channel as the console shows it: its name, type and where it sends, with every
 * secret left out. Only the fields named here are read; a URL keeps its scheme and host (webhook
 * tokens sit in the path and query), tokens, keys, passwords and headers are never read.
 *
 * @param name as configured
 * @param type {@code email}, {@code slack}, {@code webhook}, ...
 * @param target where it sends, masked
 */
public record ChannelInfo(String name, String type, String target) {

  /** The channels of a notification file read by {@link NotifySettings#readRoot}. */
  public static List<ChannelInfo> fromRoot(@Nullable JsonNode root) {
    List<ChannelInfo> out = new ArrayList<>();
    if (root == null || !root.path("channels").isArray()) {
      out.add(new ChannelInfo("console", "log", ""));
      return out;
    }
    for (JsonNode c : root.get("channels")) {
      String type = c.path("type").asText("");
      out.add(new ChannelInfo(c.path("name").asText(""), type, target(type, c)));
    }
    return out;
  }

  static String target(String type, JsonNode c) {
    return switch (type) {
      case "webhook" -> host(c.path("url").asText(""));
      case "slack", "teams" -> host(c.path("webhook_url").asText(""));
      case "email" -> {
        List<String> to = new ArrayList<>();
        c.path("to").forEach(n -> to.add(n.asText()));
        yield String.join(", ", to) + " (SMTP " + c.path("host").asText("") + ")";
      }
      case "line" -> "LINE " + masked(c.path("to").asText(""));
      case "chatwork" -> "Chatwork room " + c.path("room_id").asText("");
      case "pagerduty" -> "PagerDuty Events API";
      default -> "";
    };
  }

  /** {@code https://hooks.slack.com/…}: the path and query hold the token. */
  static String host(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return "…";
      }
      return u.getScheme()
          + "://"
          + u.getHost()
          + (u.getPort() > 0 ? ":" + u.getPort() : "")
          + "/…";
    } catch (IllegalArgumentException e) {
      return "…";
    }
  }

  /** The first four characters of an id, then an ellipsis. */
  public static String masked(String s) {
    return s.length() <= 4 ? "…" : s.substring(0, 4) + "…";
  }
}
