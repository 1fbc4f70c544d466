package dev.mimamori.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.notify.Notifier;
import dev.mimamori.incidents.notify.NotifierConfigs;
import dev.mimamori.incidents.oncall.OnCallConfig;
import dev.mimamori.incidents.oncall.OnCallConfigLoader;
import dev.mimamori.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The notification file, read and checked once: named channels, routes (which incidents each
 * channel hears of), the on-call configuration and the escalation policy, and delivery settings. A
 * value {@code ${env:NAME}} is read from the environment, so tokens need not sit in the file.
 *
 * @param channels the channels by name
 * @param routes who hears of what
 * @param escalation which incidents page the on-call people, if any
 * @param onCall people, schedules and policies, if any
 * @param delivery retry settings
 */
public record NotifySettings(
    Map<String, Notifier> channels,
    List<Route> routes,
    @Nullable Escalation escalation,
    @Nullable OnCallConfig onCall,
    Delivery delivery) {

  /** A channel hears of incidents of these tenants at or above a severity, for these kinds. */
  public record Route(
      String channel,
      Severity minSeverity,
      Set<Notification.Kind> kinds,
      Set<String> tenants,
      String locale) {
    public boolean wants(String tenant, Severity severity, Notification.Kind kind) {
      return (tenants.contains("*") || tenants.contains(tenant))
          && severity.compareTo(minSeverity) >= 0
          && kinds.contains(kind);
    }
  }

  /** New incidents of these tenants at or above a severity run this escalation policy. */
  public record Escalation(
      String policy, Severity minSeverity, Set<String> tenants, Duration ackLinkValidity) {}

  /**
   * @param maxAge how long a message is retried before it goes to the dead letters
   * @param firstRetry the wait after the first failure; it doubles each time up to {@code
   *     maxBackoff}
   * @param maxBackoff the longest wait between tries
   * @param poll how often the dispatcher looks for due messages
   * @param lease how long a claimed message is held before another dispatcher may take it
   */
  public record Delivery(
      Duration maxAge, Duration firstRetry, Duration maxBackoff, Duration poll, Duration lease) {
    public Delivery {
      for (Duration d : List.of(maxAge, firstRetry, maxBackoff, poll, lease)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("delivery: every duration must be positive");
        }
      }
      if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "delivery.lease must be at least 1s, and should exceed the channels' timeouts");
      }
    }

    public static Delivery defaults() {
      return new Delivery(
          Duration.ofHours(24),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofSeconds(1),
          Duration.ofMinutes(2));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}");
  private static final Map<String, Notification.Kind> KINDS =
      Map.of(
          "opened", Notification.Kind.INCIDENT_OPENED,
          "escalated", Notification.Kind.INCIDENT_ESCALATED,
          "summary", Notification.Kind.SUMMARY,
          "status", Notification.Kind.STATUS_CHANGED,
          "page", Notification.Kind.PAGE);

  public NotifySettings {
    channels = Map.copyOf(channels);
    routes = List.copyOf(routes);
    for (Route r : routes) {
      if (!channels.containsKey(r.channel())) {
        throw new IllegalArgumentException(
            "a route names the unknown channel '" + r.channel() + "'");
      }
    }
    if (escalation != null) {
      if (onCall == null) {
        throw new IllegalArgumentException("'escalation' needs an 'oncall' section");
      }
      if (onCall.policy(escalation.policy()).isEmpty()) {
        throw new IllegalArgumentException(
            "escalation: unknown policy '" + escalation.policy() + "'");
      }
    }
    if (onCall != null) {
      for (var p : onCall.people()) {
        for (var c : p.contacts()) {
          if (!channels.containsKey(c.channel())) {
            throw new IllegalArgumentException(
                "oncall: "
                    + p.id()
                    + " is paged through the unknown channel '"
                    + c.channel()
                    + "'");
          }
        }
      }
    }
  }

  /** Console lines only: the default without a notification file. */
  public static NotifySettings consoleOnly() {
    Map<String, Notifier> ch = new LinkedHashMap<>();
    ch.put("console", NotifierConfigs.create("log", JSON.createObjectNode()));
    return new NotifySettings(
        ch,
        List.of(
            new Route(
                "console",
                Severity.INFO,
                EnumSet.of(
                    Notification.Kind.INCIDENT_OPENED,
                    Notification.Kind.INCIDENT_ESCALATED,
                    Notification.Kind.SUMMARY),
                Set.of("*"),
                "en")),
        null,
        null,
        Delivery.defaults());
  }

  public static NotifySettings load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), System::getenv);
  }

  /** Parses the document; {@code env} answers {@code ${env:NAME}} (null when unset). */
  public static NotifySettings parse(String text, UnaryOperator<@Nullable String> env) {
    return fromRoot(readRoot(text, env));
  }

  /** The file as JSON with every {@code ${env:NAME}} replaced; the response part reads it too. */
  public static JsonNode readRoot(String text, UnaryOperator<@Nullable String> env) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new IllegalArgumentException(
          "the notification file is not JSON"
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the notification file must hold a JSON object");
    }
    return substitute(root, env, "");
  }

  /** The notification settings of a file read by {@link #readRoot}. */
  public static NotifySettings fromRoot(JsonNode root) {
    Map<String, Notifier> channels = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode c : array(root, "channels")) {
      String where = "channels[" + i++ + "]";
      String name = text(c, "name", where);
      String type = text(c, "type", where);
      if (channels.containsKey(name)) {
        throw new IllegalArgumentException(
            where + ": the channel name '" + name + "' is used twice");
      }
      try {
        channels.put(name, NotifierConfigs.create(type, c));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " (" + name + "): " + e.getMessage(), e);
      }
    }
    List<Route> routes = new ArrayList<>();
    i = 0;
    for (JsonNode r : array(root, "routes")) {
      String where = "routes[" + i++ + "]";
      Set<Notification.Kind> kinds = EnumSet.noneOf(Notification.Kind.class);
      JsonNode k = r.get("kinds");
      if (k == null) {
        kinds.addAll(
            List.of(
                Notification.Kind.INCIDENT_OPENED,
                Notification.Kind.INCIDENT_ESCALATED,
                Notification.Kind.SUMMARY,
                Notification.Kind.STATUS_CHANGED));
      } else {
        for (JsonNode n : k) {
          Notification.Kind kind = KINDS.get(n.asText());
          if (kind == null) {
            throw new IllegalArgumentException(
                where
                    + ".kinds: unknown kind '"
                    + n.asText()
                    + "' (known: "
                    + KINDS.keySet()
                    + ")");
          }
          kinds.add(kind);
        }
      }
      routes.add(
          new Route(
              text(r, "channel", where),
              severity(r, "min_severity", Severity.MEDIUM, where),
              kinds,
              tenants(r, where),
              locale(r, where)));
    }
    OnCallConfig onCall = null;
    if (root.hasNonNull("oncall")) {
      onCall = OnCallConfigLoader.parse(root.get("oncall").toString());
    }
    Escalation escalation = null;
    if (root.hasNonNull("escalation")) {
      JsonNode e = root.get("escalation");
      escalation =
          new Escalation(
              text(e, "policy", "escalation"),
              severity(e, "min_severity", Severity.HIGH, "escalation"),
              tenants(e, "escalation"),
              duration(e, "ack_link_valid", Duration.ofHours(24), "escalation"));
    }
    Delivery d = Delivery.defaults();
    if (root.hasNonNull("delivery")) {
      JsonNode n = root.get("delivery");
      d =
          new Delivery(
              duration(n, "max_age", d.maxAge(), "delivery"),
              duration(n, "first_retry", d.firstRetry(), "delivery"),
              duration(n, "max_backoff", d.maxBackoff(), "delivery"),
              duration(n, "poll", d.poll(), "delivery"),
              duration(n, "lease", d.lease(), "delivery"));
    }
    return new NotifySettings(channels, routes, escalation, onCall, d);
  }

  private static JsonNode substitute(
      JsonNode node, UnaryOperator<@Nullable String> env, String where) {
    if (node.isTextual()) {
      Matcher m = ENV.matcher(node.asText());
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String v = env.apply(m.group(1));
        if (v == null) {
          throw new IllegalArgumentException(
              where + ": the environment variable " + m.group(1) + " is not set");
        }
        m.appendReplacement(b, Matcher.quoteReplacement(v));
      }
      m.appendTail(b);
      return new TextNode(b.toString());
    }
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        out.set(e.getKey(), substitute(e.getValue(), env, where + "." + e.getKey()));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JSON.createArrayNode();
      int i = 0;
      for (JsonNode n : node) {
        out.add(substitute(n, env, where + "[" + i++ + "]"));
      }
      return out;
    }
    return node;
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode a = root.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be an array");
    }
    return a;
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + "." + field + " is required");
    }
    return v.asText();
  }

  private static Severity severity(JsonNode n, String field, Severity dflt, String where) {
    JsonNode v = n.get(field);
    if (v == null) {
      return dflt;
    }
    try {
      return Severity.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "." + field + ": " + e.getMessage(), e);
    }
  }

  private static Set<String> tenants(JsonNode n, String where) {
    JsonNode v = n.get("tenants");
    if (v == null) {
      return Set.of("*");
    }
    if (!v.isArray() || v.isEmpty()) {
      throw new IllegalArgumentException(where + ".tenants must be a non-empty array ('*': all)");
    }
    Set<String> out = new java.util.TreeSet<>();
    v.forEach(t -> out.add(t.asText()));
    return out;
  }

  private static String locale(JsonNode n, String where) {
    JsonNode v = n.get("locale");
    String l = v == null ? "ja" : v.asText().toLowerCase(Locale.ROOT);
    if (!l.equals("ja") && !l.equals("en")) {
      throw new IllegalArgumentException(where + ".locale must be ja or en");
    }
    return l;
  }

  private static Duration duration(JsonNode n, String field, Duration dflt, String where) {
    JsonNode v = n.get(field);
    if (v == null) {
      return dflt;
    }
    try {
      return NotifierConfigs.duration(v.asText());
    } catch (IOException e) {
      throw new IllegalArgumentException(where + "." + field + ": " + e.getMessage(), e);
    }
  }
}
