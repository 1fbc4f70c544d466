package dev.mimamori.server.crowdsec;

import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.incidents.respond.DecisionJson;
import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.incidents.respond.DecisionQuery;
import dev.mimamori.incidents.respond.DecisionStream;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The bouncer side of CrowdSec's Local API, so an unmodified CrowdSec bouncer can take its
 * decisions from mimamori: {@code GET /v1/decisions/stream} (stream mode: {@code startup}, {@code
 * scopes}, {@code origins}, {@code scenarios_containing}, {@code scenarios_not_containing}) and
 * {@code GET /v1/decisions} (live mode: {@code ip}, {@code range}, {@code scope}, {@code value},
 * {@code type}, {@code contains}, ...), each also as {@code HEAD}. Bouncers authenticate with
 * {@code X-Api-Key}; the keys are held as SHA-256 digests (hex), each naming its bouncer, and are
 * compared in constant time. A missing or wrong key gets 403 {@code {"message":"access
 * forbidden"}}, as from CrowdSec.
 */
public final class CrowdSecLapiRoutes {
  public static final String STREAM = "/v1/decisions/stream";
  public static final String DECISIONS = "/v1/decisions";
  static final String API_KEY_HEADER = "X-Api-Key";
  private static final String JSON = "application/json; charset=utf-8";
  private static final int MAX_KEY_LENGTH = 512;

  private final DecisionList decisions;
  private final DecisionStream stream;
  private final List<Bouncer> bouncers = new ArrayList<>();

  private record Bouncer(byte[] keyHash, String name) {}

  /**
   * @param decisions the decisions to serve
   * @param stream the per-bouncer stream state over them
   * @param keyHashes hex SHA-256 of each bouncer's API key ({@link #hashKey}) → the bouncer's name
   */
  public CrowdSecLapiRoutes(
      DecisionList decisions, DecisionStream stream, Map<String, String> keyHashes) {
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.stream = Objects.requireNonNull(stream, "stream");
    for (Map.Entry<String, String> e : keyHashes.entrySet()) {
      byte[] hash;
      try {
        hash = HexFormat.of().parseHex(e.getKey().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("a bouncer key hash is hex SHA-256", bad);
      }
      if (hash.length != 32 || e.getValue().isBlank()) {
        throw new IllegalArgumentException("a bouncer key hash is hex SHA-256, with a name");
      }
      bouncers.add(new Bouncer(hash, e.getValue()));
    }
  }

  /** The hex SHA-256 of an API key, as {@code keyHashes} holds it. */
  public static String hashKey(String apiKey) {
    return HexFormat.of().formatHex(sha256(apiKey));
  }

  public void register(Javalin app) {
    app.get(STREAM, this::stream);
    app.head(STREAM, this::stream);
    app.get(DECISIONS, this::live);
    app.head(DECISIONS, this::live);
  }

  private void stream(Context ctx) {
    String bouncer = bouncer(ctx);
    if (bouncer == null) {
      forbidden(ctx);
      return;
    }
    boolean startup = "true".equalsIgnoreCase(ctx.queryParam("startup"));
    DecisionStream.Filter filter =
        DecisionStream.Filter.parse(
            ctx.queryParam("scopes"),
            ctx.queryParam("origins"),
            ctx.queryParam("scenarios_containing"),
            ctx.queryParam("scenarios_not_containing"));
    if (ctx.method() == HandlerType.HEAD) {
      // A HEAD only checks the key and the service; it must not move the bouncer's cursor.
      ctx.status(200).contentType(JSON);
      return;
    }
    DecisionStream.Batch batch = stream.pull(bouncer, startup, filter);
    ctx.status(200)
        .contentType(JSON)
        .result(DecisionJson.stream(batch, decisions.clock().instant()));
  }

  private void live(Context ctx) {
    if (bouncer(ctx) == null) {
      forbidden(ctx);
      return;
    }
    DecisionQuery query;
    try {
      query =
          DecisionQuery.parse(
              ctx.queryParam("scope"),
              ctx.queryParam("value"),
              ctx.queryParam("type"),
              ctx.queryParam("ip"),
              ctx.queryParam("range"),
              ctx.queryParam("contains"),
              ctx.queryParam("origins"),
              ctx.queryParam("scenarios_containing"),
              ctx.queryParam("scenarios_not_containing"));
    } catch (ActionException e) {
      ctx.status(400).contentType(JSON).result(DecisionJson.error(e.getMessage()));
      return;
    }
    if (ctx.method() == HandlerType.HEAD) {
      ctx.status(200).contentType(JSON);
      return;
    }
    ctx.status(200)
        .contentType(JSON)
        .result(DecisionJson.list(decisions.find(query), decisions.clock().instant()));
  }

  /** The bouncer whose key the request carries, or null; every key is compared, in full. */
  private @Nullable String bouncer(Context ctx) {
    String key = ctx.header(API_KEY_HEADER);
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return null;
    }
    byte[] given = sha256(key);
    String found = null;
    for (Bouncer b : bouncers) {
      if (MessageDigest.isEqual(b.keyHash(), given) && found == null) {
        found = b.name();
      }
    }
    return found;
  }

  private static void forbidden(Context ctx) {
    ctx.status(403).contentType(JSON).result(DecisionJson.error("access forbidden"));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }
}
