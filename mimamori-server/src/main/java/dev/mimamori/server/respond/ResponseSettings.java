package dev.mimamori.server.respond;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.incidents.notify.NotifierConfigs;
import dev.mimamori.incidents.respond.CrowdSecBanAction;
import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.incidents.respond.ResponseAction;
import dev.mimamori.incidents.respond.ResponseActionType;
import dev.mimamori.incidents.respond.ResponseActions;
import dev.mimamori.model.Severity;
import dev.mimamori.server.agent.AgentAction;
import dev.mimamori.server.agent.AgentCommands;
import dev.mimamori.server.crowdsec.CrowdSecLapiRoutes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The response part of the response file ({@code serve --notify}): named actions, the rules that
 * run them automatically, and the CrowdSec bouncers allowed to pull decisions.
 *
 * @param actions the configured actions by name
 * @param actionTenants for each action, the tenants whose people may run it ({@code *}: all);
 *     empty: only the SOC's admins
 * @param automatic rules that run an action when an incident matches
 * @param bouncerKeys hex SHA-256 of each bouncer's API key → its name
 */
public record ResponseSettings(
    Map<String, ResponseAction> actions,
    Map<String, Set<String>> actionTenants,
    List<Automatic> automatic,
    Map<String, String> bouncerKeys) {

  /**
   * Whether a person whose scope is {@code allTenants} (or not) may run an action for an incident
   * of {@code tenant}. Actions change a host every tenant may share, so without a {@code tenants}
   * list only the SOC's admins (who see every tenant) may run them.
   */
  public boolean mayRun(String action, String tenant, boolean allTenants) {
    Set<String> t = actionTenants.getOrDefault(action, Set.of());
    return allTenants || t.contains("*") || t.contains(tenant);
  }

  /**
   * Runs {@code action} on the alert's source address when an incident of these tenants reaches a
   * severity (and, if given, a stage of the attack chain or one of the rule classes).
   *
   * @param dryRun true unless the file says {@code "dry_run": false}: a rule says what it would do
   *     until a person trusts it
   */
  public record Automatic(
      String name,
      String action,
      Severity minSeverity,
      int minChainStage,
      Set<String> ruleClasses,
      Set<String> tenants,
      @Nullable Duration ttl,
      boolean dryRun) {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ResponseSettings {
    actions = Map.copyOf(actions);
    actionTenants = Map.copyOf(actionTenants);
    automatic = List.copyOf(automatic);
    bouncerKeys = Map.copyOf(bouncerKeys);
    for (Automatic a : automatic) {
      if (!actions.containsKey(a.action())) {
        throw new IllegalArgumentException(
            "automatic '" + a.name() + "' runs the unknown action '" + a.action() + "'");
      }
    }
  }

  public static ResponseSettings none() {
    return new ResponseSettings(Map.of(), Map.of(), List.of(), Map.of());
  }

  /** Reads {@code actions}, {@code automatic} and {@code crowdsec} of the (substituted) file. */
  public static ResponseSettings parse(JsonNode root, DecisionList decisions) {
    return parse(root, decisions, null);
  }

  /**
   * Reads the file; {@code agents} runs the actions of type {@code agent} (null: none may be
   * configured).
   */
  public static ResponseSettings parse(
      JsonNode root, DecisionList decisions, @Nullable AgentCommands agents) {
    Map<String, ResponseAction> actions = new LinkedHashMap<>();
    Map<String, Set<String>> actionTenants = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode a : array(root, "actions")) {
      String where = "actions[" + i++ + "]";
      String name = text(a, "name", where);
      String type = text(a, "type", where);
      if (actions.containsKey(name)) {
        throw new IllegalArgumentException(
            where + ": the action name '" + name + "' is used twice");
      }
      Set<String> tenants = new TreeSet<>();
      a.path("tenants").forEach(n -> tenants.add(n.asText()));
      actionTenants.put(name, tenants);
      ObjectNode settings = ((ObjectNode) a).deepCopy();
      settings.remove("tenants");
      actions.put(
          name,
          type.equals("agent")
              ? agentAction(name, settings, agents, where + " (" + name + ")")
              : create(type, settings, decisions, where + " (" + name + ")"));
    }
    List<Automatic> automatic = new ArrayList<>();
    i = 0;
    for (JsonNode a : array(root, "automatic")) {
      String where = "automatic[" + i++ + "]";
      Set<String> classes = new TreeSet<>();
      a.path("rule_classes").forEach(n -> classes.add(n.asText()));
      Set<String> tenants = new TreeSet<>();
      a.path("tenants").forEach(n -> tenants.add(n.asText()));
      if (tenants.isEmpty()) {
        tenants.add("*");
      }
      Duration ttl = null;
      if (a.hasNonNull("ttl")) {
        try {
          ttl = NotifierConfigs.duration(a.get("ttl").asText());
        } catch (IOException e) {
          throw new IllegalArgumentException(where + ".ttl: " + e.getMessage(), e);
        }
      }
      Severity min;
      try {
        min = Severity.parse(a.path("min_severity").asText("critical"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".min_severity: " + e.getMessage(), e);
      }
      automatic.add(
          new Automatic(
              a.path("name").asText("automatic-" + i),
              text(a, "action", where),
              min,
              a.path("min_chain_stage").asInt(0),
              classes,
              tenants,
              ttl,
              !a.has("dry_run") || a.get("dry_run").asBoolean(true)));
    }
    Map<String, String> keys = new LinkedHashMap<>();
    i = 0;
    for (JsonNode b : array(root.path("crowdsec"), "bouncers")) {
      String where = "crowdsec.bouncers[" + i++ + "]";
      String name = text(b, "name", where);
      String key = text(b, "api_key", where);
      if (key.length() < 16) {
        throw new IllegalArgumentException(where + ".api_key must be at least 16 characters");
      }
      keys.put(CrowdSecLapiRoutes.hashKey(key), name);
    }
    return new ResponseSettings(actions, actionTenants, automatic, keys);
  }

  /**
   * {@code {"type": "agent", "run": "quarantine-file", "wait": "30s"}}: nothing else, as the host
   * keeps the action's settings.
   */
  static ResponseAction agentAction(
      String name, JsonNode settings, @Nullable AgentCommands agents, String where) {
    var fields = settings.fieldNames();
    while (fields.hasNext()) {
      String f = fields.next();
      if (!Set.of("name", "type", "run", "wait").contains(f)) {
        throw new IllegalArgumentException(
            where
                + ": unknown setting '"
                + f
                + "' (an agent action names only 'run' and 'wait'; the host's agent run --actions"
                + " file holds the action's settings)");
      }
    }
    Duration wait = AgentAction.DEFAULT_WAIT;
    if (settings.hasNonNull("wait")) {
      try {
        wait = NotifierConfigs.duration(settings.get("wait").asText());
      } catch (IOException e) {
        throw new IllegalArgumentException(where + ".wait: " + e.getMessage(), e);
      }
    }
    String run = text(settings, "run", where);
    if (!dev.mimamori.agent.LocalActions.HOST_TYPES.contains(run)) {
      throw new IllegalArgumentException(
          where
              + ": 'run' must be an action of the shop host, one of "
              + new TreeSet<>(dev.mimamori.agent.LocalActions.HOST_TYPES)
              + " (got '"
              + run
              + "')");
    }
    if (agents == null) {
      throw new IllegalArgumentException(where + ": agent actions need the server's agent store");
    }
    try {
      return new AgentAction(name, run, wait, agents);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  static ResponseAction create(
      String type, JsonNode settings, DecisionList decisions, String where) {
    if (type.equals("crowdsec-ban")) {
      return new CrowdSecBanAction(
          new CrowdSecBanAction.Config(
              decisions, settings.path("scenario").asText("mimamori/incident")));
    }
    ResponseActionType<?> t =
        ResponseActions.find(type)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        where
                            + ": unknown action type '"
                            + type
                            + "' (known: "
                            + ResponseActions.names()
                            + ")"));
    ObjectNode copy = ((ObjectNode) settings).deepCopy();
    copy.remove("type");
    copy.remove("name");
    try {
      return t.create(MAPPER.treeToValue(copy, t.configClass()));
    } catch (JsonMappingException e) {
      Throwable c = e.getCause();
      String why =
          c instanceof IllegalArgumentException || c instanceof NullPointerException
              ? String.valueOf(c.getMessage())
              : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unrecognized")
                  ? "unknown setting"
                  : "missing or wrong type of setting";
      throw new IllegalArgumentException(where + ": " + why, e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
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
}
