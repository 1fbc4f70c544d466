package dev.mimamori.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mimamori.incidents.respond.ResponseAction;
import dev.mimamori.incidents.respond.ResponseActionType;
import dev.mimamori.incidents.respond.ResponseActions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The response actions this host permits the server to run through its agent ({@code agent run
 * --actions FILE}), each with the host's own settings: the server names only the action and its
 * target, never a file, a table or a command. Nothing is permitted without the file.
 *
 * <pre>
 * quarantine-file: {roots: [/var/www/html], stub: true}   # data_dir: the state directory
 * nftables-block: {nft_command: [nft], table: mimamori, set4: blocklist4, set6: blocklist6,
 *                  drop_rules: true}
 * nginx-deny: {deny_file: /etc/nginx/mimamori-deny.conf, reload_command: [nginx, -s, reload]}
 * </pre>
 */
public final class LocalActions {
  /** The action types that act on the shop host itself, and so may run through an agent. */
  public static final Set<String> HOST_TYPES =
      Set.of(
          "nftables-block",
          "nginx-deny",
          "quarantine-file",
          "nginx-page-down",
          "eccube-maintenance",
          "eccube-admin-disable");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, ResponseAction> permitted;

  private LocalActions(Map<String, ResponseAction> permitted) {
    this.permitted = Map.copyOf(permitted);
  }

  /** No action permitted: every command is refused. */
  public static LocalActions none() {
    return new LocalActions(Map.of());
  }

  /**
   * Reads the permitted actions (YAML or JSON: action type → its settings).
   *
   * @param stateDir the default {@code data_dir} of {@code quarantine-file} (its vault)
   * @throws IllegalArgumentException naming the entry that is wrong
   */
  public static LocalActions load(Path file, Path stateDir) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("--actions " + file + ": " + e.getMessage(), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return none();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "--actions " + file + ": a map of action type to its settings");
    }
    Map<String, ResponseAction> out = new LinkedHashMap<>();
    for (var e : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
      out.put(e.getKey(), create(e.getKey(), e.getValue(), stateDir, file));
    }
    return new LocalActions(out);
  }

  private static ResponseAction create(String type, JsonNode settings, Path stateDir, Path file) {
    String where = "--actions " + file + ": " + type;
    if (!HOST_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          where + " is not an action of the host (permitted here: " + HOST_TYPES + ")");
    }
    ResponseActionType<?> t = ResponseActions.find(type).orElseThrow();
    ObjectNode copy =
        settings == null || settings.isNull()
            ? YAML.createObjectNode()
            : settings.isObject() ? ((ObjectNode) settings).deepCopy() : failObject(where);
    ObjectNode defaults = defaults(t);
    defaults.setAll(copy);
    copy = defaults;
    if (type.equals("quarantine-file") && !copy.has("data_dir")) {
      copy.put("data_dir", stateDir.toString());
    }
    try {
      return t.create(YAML.treeToValue(copy, t.configClass()));
    } catch (JsonMappingException e) {
      Throwable c = e.getCause();
      String why =
          c instanceof IllegalArgumentException || c instanceof NullPointerException
              ? c.getMessage() == null ? "a setting is missing" : c.getMessage()
              : e.getOriginalMessage();
      throw new IllegalArgumentException(where + ": " + why, e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The settings of an action type whose settings all have defaults (its config's constructor
   * without arguments, as {@code nftables-block}'s), so the file names only what differs.
   */
  private static ObjectNode defaults(ResponseActionType<?> t) {
    try {
      Object d = t.configClass().getConstructor().newInstance();
      return YAML.valueToTree(d);
    } catch (ReflectiveOperationException e) {
      return YAML.createObjectNode();
    }
  }

  private static ObjectNode failObject(String where) {
    throw new IllegalArgumentException(where + ": its settings must be a map");
  }

  /** The action of this type, when the host permits it. */
  public Optional<ResponseAction> find(String type) {
    return Optional.ofNullable(permitted.get(type));
  }

  public Set<String> types() {
    return permitted.keySet();
  }
}
