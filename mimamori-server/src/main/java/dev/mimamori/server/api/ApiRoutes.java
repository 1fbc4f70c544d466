package dev.mimamori.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.archive.EventArchive;
import dev.mimamori.server.account.SecondFactor;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.server.web.PasswordLogin;
import dev.mimamori.store.Cursor;
import dev.mimamori.store.IngestKeyRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import dev.mimamori.store.UserRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON API under {@code /api/v1}. Every route but tokens and openapi.json needs a bearer token;
 * the ingest routes ({@link IngestRoutes}) authenticate shippers themselves, and are the only ones
 * an ingest key opens.
 */
public final class ApiRoutes {
  public static final String PREFIX = "/api/v1";
  static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
  static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(90);

  /** The request attribute holding the authenticated user (API token or console session). */
  public static final String USER_ATTR = "mimamori.user";

  private final Store store;
  private final EventArchive archive;
  private final ObjectMapper json;
  private final PasswordLogin login;
  private final SecondFactor secondFactor;
  private final Clock clock;
  private final String openApi;

  public ApiRoutes(
      Store store,
      EventArchive archive,
      ObjectMapper json,
      PasswordLogin login,
      SecondFactor secondFactor,
      Clock clock) {
    this.secondFactor = secondFactor;
    this.store = store;
    this.archive = archive;
    this.json = json;
    this.login = login;
    this.clock = clock;
    this.openApi = readResource("/api/openapi.json");
  }

  public void register(Javalin app) {
    app.before(PREFIX + "/*", this::authenticate);
    app.post(PREFIX + "/tokens", this::createToken);
    app.post(PREFIX + "/account/totp", this::beginTotp);
    app.post(PREFIX + "/account/totp/confirm", this::confirmTotp);
    app.get(PREFIX + "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.get(PREFIX + "/incidents", this::listIncidents);
    app.get(PREFIX + "/incidents/{id}", this::getIncident);
    app.get(PREFIX + "/alerts", this::listAlerts);
    app.get(PREFIX + "/events", this::searchEvents);
    app.post(PREFIX + "/ingest-keys", this::createIngestKey);
    app.get(PREFIX + "/ingest-keys", this::listIngestKeys);
    app.delete(PREFIX + "/ingest-keys/{id}", this::revokeIngestKey);
  }

  private void authenticate(Context ctx) {
    String path = ctx.path();
    if (path.equals(PREFIX + "/tokens")
        || path.startsWith(PREFIX + "/account/totp")
        || path.equals(PREFIX + "/openapi.json")
        || IngestRoutes.isIngestPath(path)) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiError(401, "missing bearer token");
    }
    String token = header.substring(7).trim();
    if (token.startsWith(IngestKeyRepository.PREFIX)) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new ApiError(
          401,
          "an ingest key only sends logs (POST /api/v1/ingest, /_bulk); use an API token here");
    }
    var found =
        store
            .users()
            .findToken(token)
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                  return new ApiError(401, "invalid or expired token");
                });
    if (found.readOnly()
        && !ctx.method().name().equals("GET")
        && !ctx.method().name().equals("HEAD")) {
      ctx.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"write\"");
      throw new ApiError(403, "this token only reads (scope read)");
    }
    if (secondFactor.requiredFor(found.user()) && !secondFactor.enrolled(found.user())) {
      // A token from before the duty (or from a lab run) does not outlive it.
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new ApiError(
          401, "admins and analysts need a second factor: enroll, then get a new token");
    }
    ctx.attribute(USER_ATTR, found.user());
  }

  /** The authenticated user (set by the bearer-token check every route passes first). */
  static User user(Context ctx) {
    User u = ctx.attribute(USER_ATTR);
    if (u == null) {
      throw new ApiError(401, "not authenticated");
    }
    return u;
  }

  private void createToken(Context ctx) {
    JsonNode body = readJson(ctx);
    User user =
        passwordUser(ctx, body, u -> secondFactor.enrolled(u) || secondFactor.requiredFor(u));
    if (secondFactor.enrolled(user)) {
      secondStep(ctx, user, optionalText(body, "totp"), false);
    } else if (secondFactor.requiredFor(user)) {
      login.refused(user, ctx.ip(), "no second factor enrolled");
      throw new ApiError(
          403,
          "admins and analysts need a second factor: enroll with POST /api/v1/account/totp (or"
              + " in the console), then send the authenticator's code as totp");
    }
    String scope = optionalText(body, "scope");
    scope = scope == null ? UserRepository.WRITE : scope;
    if (!scope.equals(UserRepository.WRITE) && !scope.equals(UserRepository.READ)) {
      throw new ApiError(400, "scope must be read or write");
    }
    Duration lifetime = TOKEN_LIFETIME;
    String expires = optionalText(body, "expires_in");
    if (expires != null) {
      try {
        lifetime = dev.mimamori.incidents.notify.NotifierConfigs.duration(expires);
      } catch (java.io.IOException e) {
        throw new ApiError(400, "expires_in: " + e.getMessage());
      }
      if (lifetime.compareTo(Duration.ofMinutes(1)) < 0
          || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
        throw new ApiError(400, "expires_in must be between 1m and 90d");
      }
    }
    String token = store.users().issueToken(user, lifetime, scope);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", token);
    out.put("token_type", "Bearer");
    out.put("expires_at", Instant.now(clock).plus(lifetime).toString());
    out.put("scope", scope);
    ctx.status(HttpStatus.CREATED).json(out);
  }

  /** The user a request's username and password name, refused like a login otherwise. */
  private User passwordUser(
      Context ctx, JsonNode body, java.util.function.Predicate<User> secondFactorFollows) {
    String username = text(body, "username");
    String password = text(body, "password");
    PasswordLogin.Outcome outcome =
        login.attempt(ctx.ip(), username, password, secondFactorFollows);
    if (outcome instanceof PasswordLogin.Outcome.Throttled t) {
      ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
      throw new ApiError(
          429, "too many failed logins; retry after " + t.retryAfterSeconds() + " seconds");
    }
    if (outcome instanceof PasswordLogin.Outcome.Busy) {
      ctx.header("Retry-After", "5");
      throw new ApiError(503, "busy checking other logins; retry shortly");
    }
    if (!(outcome instanceof PasswordLogin.Outcome.Success success)) {
      throw new ApiError(401, "wrong username or password");
    }
    return success.user();
  }

  /**
   * Checks the authenticator's code of a user whose password was right: of the confirmed factor,
   * or, while enrolling, of the pending one (which it confirms).
   */
  private void secondStep(Context ctx, User user, @Nullable String code, boolean enrolling) {
    if (code == null || code.isBlank()) {
      login.refused(user, ctx.ip(), "second factor missing");
      throw new ApiError(
          401, "this account has a second factor: send the authenticator's 6-digit code as totp");
    }
    SecondFactor.Check c =
        enrolling
            ? secondFactor.confirm(ctx.ip(), user, code)
            : secondFactor.verify(ctx.ip(), user, code);
    switch (c) {
      case ACCEPTED -> {
        if (!enrolling) {
          login.signedIn(user, ctx.ip(), "with second factor");
        }
      }
      case THROTTLED -> {
        login.refused(user, ctx.ip(), "second factor throttled");
        ctx.header("Retry-After", "900");
        throw new ApiError(429, "too many wrong codes; retry in 15 minutes");
      }
      case NOT_ENROLLED ->
          throw new ApiError(
              409,
              enrolling
                  ? "no enrollment is pending: POST /api/v1/account/totp first"
                  : "no second factor enrolled");
      default -> {
        login.refused(user, ctx.ip(), "wrong second-factor code");
        throw new ApiError(401, "wrong or already used code");
      }
    }
  }

  /**
   * Starts a TOTP enrollment for the user named with its password: answers the secret to put into
   * an authenticator app. A user with a confirmed factor gets 409 (an admin resets it first).
   */
  private void beginTotp(Context ctx) {
    JsonNode body = readJson(ctx);
    User user = passwordUser(ctx, body, u -> true);
    ctx.attribute(USER_ATTR, user); // for the audit trail
    var enrollment =
        secondFactor
            .begin(user)
            .orElseThrow(
                () ->
                    new ApiError(
                        409,
                        "a second factor is already enrolled; an admin resets it with"
                            + " DELETE /api/v1/users/{id}/totp"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("secret", enrollment.secret());
    out.put("otpauth_uri", enrollment.uri());
    out.put("confirm", PREFIX + "/account/totp/confirm");
    ctx.status(HttpStatus.CREATED).json(out);
  }

  /** Confirms a pending enrollment with the first code the authenticator shows. */
  private void confirmTotp(Context ctx) {
    JsonNode body = readJson(ctx);
    User user = passwordUser(ctx, body, u -> true);
    ctx.attribute(USER_ATTR, user); // for the audit trail
    secondStep(ctx, user, optionalText(body, "totp"), true);
    ctx.json(Map.of("enrolled", true));
  }

  private void listIncidents(Context ctx) {
    int limit = intParam(ctx, "limit", 50);
    int offset = intParam(ctx, "offset", 0);
    Cursor after = cursorParam(ctx, PageCursors.INCIDENTS, offset);
    dev.mimamori.store.IncidentFilter filter;
    try {
      filter = ListFilters.incidents(ctx::queryParam, java.time.ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    var page =
        after == null
            ? store.incidents().search(user(ctx).scope(), filter, limit, offset)
            : store.incidents().searchAfter(user(ctx).scope(), filter, limit, after);
    ctx.json(ApiJson.page(page, i -> ApiJson.incident(i, false), PageCursors.INCIDENTS));
  }

  private void getIncident(Context ctx) {
    var incident =
        store
            .incidents()
            .get(user(ctx).scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such incident"));
    ctx.json(IncidentDetail.of(store, user(ctx).scope(), incident));
  }

  private void listAlerts(Context ctx) {
    int limit = intParam(ctx, "limit", 50);
    int offset = intParam(ctx, "offset", 0);
    Cursor after = cursorParam(ctx, PageCursors.ALERTS, offset);
    dev.mimamori.store.AlertFilter filter;
    try {
      filter = ListFilters.alerts(ctx::queryParam, java.time.ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    var page =
        after == null
            ? store.incidents().searchAlerts(user(ctx).scope(), filter, limit, offset)
            : store.incidents().searchAlertsAfter(user(ctx).scope(), filter, limit, after);
    ctx.json(ApiJson.page(page, ApiJson::alert, PageCursors.ALERTS));
  }

  /**
   * Ingest keys are managed by admins: an operator (an admin of the operator tenant) for any
   * tenant, a tenant's admin for its own; viewers may not.
   */
  private static User keyAdmin(Context ctx) {
    User u = user(ctx);
    if (!User.ADMIN.equals(u.role())) {
      throw new ApiError(403, "only an admin manages ingest keys");
    }
    return u;
  }

  private void createIngestKey(Context ctx) {
    User admin = keyAdmin(ctx);
    JsonNode body = readJson(ctx);
    String name = text(body, "name");
    String tenant = optionalText(body, "tenant");
    String asset = optionalText(body, "asset");
    TenantScope scope = admin.scope();
    if (tenant == null) {
      if (scope.all()) {
        throw new ApiError(400, "say which tenant the key sends logs for: 'tenant'");
      }
      tenant = admin.tenant();
    } else if (!scope.allows(tenant)) {
      throw new ApiError(403, "you may not manage ingest keys of tenant '" + tenant + "'");
    }
    if (!IngestRoutes.TENANT_ID.matcher(tenant).matches()) {
      throw new ApiError(400, "a tenant id holds a-z, 0-9 and . _ - only (at most 64)");
    }
    IngestKeyRepository.Issued issued;
    try {
      store.tenants().ensure(tenant, tenant);
      issued = store.ingestKeys().issue(tenant, name, asset, admin.username());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", issued.secret());
    out.putAll(ApiJson.ingestKey(issued.key()));
    ctx.status(HttpStatus.CREATED).json(out);
  }

  private void listIngestKeys(Context ctx) {
    var keys = store.ingestKeys().list(keyAdmin(ctx).scope());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", keys.stream().map(ApiJson::ingestKey).toList());
    out.put("total", keys.size());
    ctx.json(out);
  }

  private void revokeIngestKey(Context ctx) {
    var key =
        store
            .ingestKeys()
            .revoke(keyAdmin(ctx).scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such ingest key"));
    ctx.json(ApiJson.ingestKey(key));
  }

  /** The archive: {@code q} in Lucene syntax, {@code from}/{@code to} as ISO-8601 instants. */
  private void searchEvents(Context ctx) throws java.io.IOException {
    int limit = intParam(ctx, "limit", 50);
    var scope = user(ctx).scope();
    try {
      var result =
          archive.search(
              ctx.queryParam("q"),
              instantParam(ctx, "from"),
              instantParam(ctx, "to"),
              scope.all() ? null : scope.tenants(),
              limit);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("total", result.total());
      out.put(
          "items",
          result.events().stream()
              .map(
                  e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("@timestamp", e.timestamp().toString());
                    m.put("tenant", e.tenant());
                    m.put("event.dataset", e.dataset());
                    m.put("log.file.path", e.logFilePath());
                    m.put("log.offset", e.logOffset());
                    m.put("event.original", e.original());
                    return m;
                  })
              .toList());
      ctx.json(out);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  /**
   * The position {@code cursor} names (null without one). With {@code offset} too it is refused: a
   * cursor already says where the page starts.
   */
  static @Nullable Cursor cursorParam(Context ctx, String list, int offset) {
    Cursor after = PageCursors.decode(list, ctx.queryParam("cursor"));
    if (after != null && offset != 0) {
      throw new ApiError(400, "give cursor or offset, not both");
    }
    return after;
  }

  static @Nullable Instant instantParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(v.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiError(400, name + " must be an ISO-8601 instant such as 2026-11-21T00:00:00Z");
    }
  }

  JsonNode readJson(Context ctx) {
    String type = ctx.contentType();
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiError(415, "expected Content-Type: application/json");
    }
    String body = ctx.body();
    if (body.isBlank()) {
      throw new ApiError(400, "request body is empty; expected a JSON object");
    }
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ApiError(400, "expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ApiError(400, "malformed JSON" + where);
    }
  }

  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ApiError(400, "'" + field + "' is required and must be a non-empty string");
    }
    if (v.asText().length() > 1024) {
      throw new ApiError(400, "'" + field + "' is too long");
    }
    return v.asText();
  }

  static @Nullable String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new ApiError(400, "'" + field + "' must be a non-empty string when given");
    }
    if (v.asText().length() > 1024) {
      throw new ApiError(400, "'" + field + "' is too long");
    }
    return v.asText();
  }

  static int intParam(Context ctx, String name, int dflt) {
    @Nullable String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (name.equals("limit") && (n < 1 || n > 500)) {
        throw new ApiError(400, "limit must be between 1 and 500");
      }
      if (n < 0) {
        throw new ApiError(400, name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + " must be a whole number");
    }
  }

  private static String readResource(String name) {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
