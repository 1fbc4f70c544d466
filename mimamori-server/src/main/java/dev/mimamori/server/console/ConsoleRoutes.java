package dev.mimamori.server.console;

import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.server.account.SecondFactor;
import dev.mimamori.server.web.PasswordLogin;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.Page;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The server-rendered console: login, incident list, incident detail. */
public final class ConsoleRoutes {
  static final String SESSION_COOKIE = "mm_session";
  static final String LOGIN_CSRF_COOKIE = "mm_login_csrf";
  static final String LANG_COOKIE = "mm_lang";
  private static final int PAGE_SIZE = 50;

  private final Store store;
  private final SessionManager sessions;
  private final PasswordLogin login;
  private final boolean secureCookies;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Map<String, String> japaneseTitles = new RuleLoader().builtinJapaneseTitles();

  private final IncidentLifecycle lifecycle;
  private final Runnable statusChanged;
  private final SecondFactor secondFactor;

  public ConsoleRoutes(
      Store store,
      SessionManager sessions,
      PasswordLogin login,
      boolean secureCookies,
      IncidentLifecycle lifecycle,
      Runnable statusChanged,
      SecondFactor secondFactor) {
    this.secondFactor = secondFactor;
    this.lifecycle = lifecycle;
    this.statusChanged = statusChanged;
    this.store = store;
    this.sessions = sessions;
    this.login = login;
    this.secureCookies = secureCookies;
  }

  public void register(Javalin app) {
    app.get("/login", this::loginPage);
    app.post("/login", this::login);
    app.post("/logout", this::logout);
    new SecondFactorPages(this, sessions, secondFactor, login).register(app);
    app.get("/incidents", this::incidents);
    app.get("/incidents/{id}", this::incident);
    app.post("/incidents/{id}/ack", ctx -> respond(ctx, "ack"));
    app.post("/incidents/{id}/status", ctx -> respond(ctx, "status"));
    app.post("/incidents/{id}/comment", ctx -> respond(ctx, "comment"));
  }

  /**
   * A responder's button on the incident page: acknowledge, change status, comment. Needs the
   * session's CSRF token and the operator or admin role; then back to the incident.
   */
  private void respond(Context ctx, String what) {
    Optional<Session> s = requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    if (!sameToken(s.get().csrfToken(), ctx.formParam("csrf"))) {
      errorPage(ctx, 403, "error.csrf");
      return;
    }
    User user = s.get().user();
    boolean allowed = what.equals("status") ? user.canRespond() : user.canAcknowledge();
    if (!allowed) {
      errorPage(ctx, 403, "error.forbidden");
      return;
    }
    try {
      switch (what) {
        case "ack" -> lifecycle.acknowledge(user.scope(), id, user.username());
        case "status" ->
            lifecycle.changeStatus(
                user.scope(),
                id,
                IncidentStatus.parse(Optional.ofNullable(ctx.formParam("status")).orElse("")),
                user.username(),
                blankToNull(ctx.formParam("comment")));
        default -> {
          String text = Optional.ofNullable(ctx.formParam("text")).orElse("");
          if (text.isBlank() || text.length() > 4000) {
            errorPage(ctx, 400, "error.comment");
            return;
          }
          lifecycle.comment(user.scope(), id, user.username(), text);
        }
      }
    } catch (IncidentLifecycle.Refused e) {
      errorPage(ctx, e.notFound() ? 404 : 409, e.notFound() ? "error.notfound" : "error.conflict");
      return;
    } catch (IllegalArgumentException e) {
      errorPage(ctx, 400, "error.badrequest");
      return;
    }
    if (!what.equals("comment")) {
      statusChanged.run();
    }
    ctx.redirect(
        "/incidents/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8),
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static @org.jspecify.annotations.Nullable String blankToNull(
      @org.jspecify.annotations.Nullable String s) {
    return s == null || s.isBlank() ? null : s.length() > 4000 ? s.substring(0, 4000) : s;
  }

  /** What a browser opening {@code /} gets (shippers get Elasticsearch's answer there). */
  public void landing(Context ctx) {
    ctx.redirect("/incidents");
  }

  /** Renders a template into the response. */
  void render(Context ctx, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    templates.render(template, params, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  Messages messages(Context ctx) {
    String explicit = ctx.queryParam("lang");
    if (explicit != null && Messages.LANGUAGES.contains(explicit)) {
      ctx.cookie(cookie(ctx, LANG_COOKIE, explicit, 365 * 24 * 3600));
    } else {
      explicit = ctx.cookie(LANG_COOKIE);
    }
    return Messages.forLanguage(Messages.choose(explicit, ctx.header("Accept-Language")));
  }

  Cookie cookie(Context ctx, String name, String value, int maxAge) {
    Cookie c = new Cookie(name, value);
    c.setPath("/");
    c.setHttpOnly(true);
    // Behind a TLS proxy the server only sees http: --public-url https://... says so.
    c.setSecure(secureCookies || "https".equals(ctx.scheme()));
    c.setSameSite(SameSite.STRICT);
    c.setMaxAge(maxAge);
    return c;
  }

  /**
   * The session, while its account still stands as it was: a user disabled, whose role or tenants
   * changed, or whose password changed since the session began, is logged out at the next request.
   */
  Optional<Session> session(Context ctx) {
    Optional<Session> s = anySession(ctx).filter(Session::signedIn);
    return s;
  }

  /** The session at whatever stage of the sign-in, while its account still stands. */
  Optional<Session> anySession(Context ctx) {
    Optional<Session> s = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (s.isEmpty()) {
      return s;
    }
    User u = s.get().user();
    var account = store.users().find(dev.mimamori.store.TenantScope.allTenants(), u.id());
    boolean same =
        account.isPresent()
            && !account.get().disabled()
            && account.get().role().equals(u.role())
            && (!User.ANALYST.equals(u.role())
                || java.util.Set.copyOf(account.get().assigned()).equals(u.assigned()))
            && account.get().passwordChangedAt().toEpochMilli() <= s.get().createdAtMillis();
    if (!same) {
      sessions.end(s.get().id());
      return Optional.empty();
    }
    return s;
  }

  private void loginPage(Context ctx) {
    if (session(ctx).isPresent()) {
      ctx.redirect("/incidents");
      return;
    }
    showLogin(ctx, null, 200);
  }

  private void showLogin(Context ctx, String errorKey, int status) {
    String csrf = ctx.cookie(LOGIN_CSRF_COOKIE);
    if (csrf == null || csrf.length() != 43) {
      csrf = sessions.token();
      ctx.cookie(cookie(ctx, LOGIN_CSRF_COOKIE, csrf, 3600));
    }
    View view = new View(messages(ctx), null, csrf, "/login", japaneseTitles);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("error", errorKey == null ? null : view.t(errorKey));
    ctx.status(status);
    render(ctx, "login.jte", p);
  }

  private void login(Context ctx) {
    String cookieToken = ctx.cookie(LOGIN_CSRF_COOKIE);
    String formToken = ctx.formParam("csrf");
    if (!sameToken(cookieToken, formToken)) {
      showLogin(ctx, "login.error.csrf", 403);
      return;
    }
    String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    if (username.isEmpty()
        || password.isEmpty()
        || username.length() > 128
        || password.length() > 1024) {
      showLogin(ctx, "login.error.wrong", 401);
      return;
    }
    PasswordLogin.Outcome outcome =
        login.attempt(
            ctx.ip(),
            username,
            password,
            u -> secondFactor.enrolled(u) || secondFactor.requiredFor(u));
    if (outcome instanceof PasswordLogin.Outcome.Throttled t) {
      ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
      showLogin(ctx, "login.error.throttled", 429);
      return;
    }
    if (outcome instanceof PasswordLogin.Outcome.Busy) {
      ctx.header("Retry-After", "5");
      showLogin(ctx, "login.error.throttled", 503);
      return;
    }
    if (!(outcome instanceof PasswordLogin.Outcome.Success success)) {
      showLogin(ctx, "login.error.wrong", 401);
      return;
    }
    ctx.removeCookie(LOGIN_CSRF_COOKIE, "/");
    User user = success.user();
    if (secondFactor.enrolled(user)) {
      Session half = sessions.create(user, Session.Stage.CODE_NEEDED, SecondFactorPages.HALF_LIFE);
      ctx.cookie(sessionCookie(ctx, half));
      ctx.redirect(SecondFactorPages.CODE_PAGE, io.javalin.http.HttpStatus.SEE_OTHER);
    } else if (secondFactor.requiredFor(user)) {
      Session half =
          sessions.create(user, Session.Stage.ENROLLMENT_NEEDED, SecondFactorPages.HALF_LIFE);
      ctx.cookie(sessionCookie(ctx, half));
      ctx.redirect(SecondFactorPages.ENROLL_PAGE, io.javalin.http.HttpStatus.SEE_OTHER);
    } else {
      signIn(ctx, user);
    }
  }

  /** Opens the console to the user: a new session (a new id, never the half sign-in's). */
  void signIn(Context ctx, User user) {
    Session s = sessions.create(user);
    ctx.cookie(sessionCookie(ctx, s));
    ctx.redirect("/incidents", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  Cookie sessionCookie(Context ctx, Session s) {
    long seconds = Math.max(1, (s.expiresAtMillis() - s.createdAtMillis()) / 1000);
    return cookie(ctx, SESSION_COOKIE, s.id(), (int) Math.min(Integer.MAX_VALUE, seconds));
  }

  private void logout(Context ctx) {
    Optional<Session> s = anySession(ctx);
    if (s.isPresent() && sameToken(s.get().csrfToken(), ctx.formParam("csrf"))) {
      sessions.end(s.get().id());
    }
    ctx.removeCookie(SESSION_COOKIE, "/");
    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  Optional<Session> requireSession(Context ctx) {
    Optional<Session> any = anySession(ctx);
    Optional<Session> s = any.filter(Session::signedIn);
    if (s.isEmpty()) {
      // A half sign-in goes back to the step it owes; anyone else to the login page.
      ctx.redirect(
          any.map(
                  x ->
                      x.stage() == Session.Stage.CODE_NEEDED
                          ? SecondFactorPages.CODE_PAGE
                          : SecondFactorPages.ENROLL_PAGE)
              .orElse("/login"));
    } else {
      ctx.attribute(dev.mimamori.server.api.ApiRoutes.USER_ATTR, s.get().user());
    }
    return s;
  }

  private void incidents(Context ctx) {
    Optional<Session> s = requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    int pageNo = 1;
    try {
      String p = ctx.queryParam("page");
      pageNo = p == null ? 1 : Math.max(1, Math.min(100_000, Integer.parseInt(p)));
    } catch (NumberFormatException e) {
      pageNo = 1;
    }
    Page<Incident> page =
        store.incidents().list(s.get().user().scope(), null, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE);
    Map<String, Object> p = new HashMap<>();
    p.put(
        "view",
        new View(
            messages(ctx),
            s.get().user().username(),
            s.get().csrfToken(),
            "/incidents",
            japaneseTitles));
    p.put("page", page);
    p.put("pageNo", pageNo);
    render(ctx, "incidents.jte", p);
  }

  private void incident(Context ctx) {
    Optional<Session> s = requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    View view =
        new View(
            messages(ctx),
            s.get().user().username(),
            s.get().csrfToken(),
            "/incidents/" + id,
            japaneseTitles);
    Optional<Incident> incident = store.incidents().get(s.get().user().scope(), id);
    if (incident.isEmpty()) {
      Map<String, Object> p = new HashMap<>();
      p.put("view", view);
      p.put("message", view.t("error.notfound"));
      ctx.status(404);
      render(ctx, "error.jte", p);
      return;
    }
    Page<Alert> alerts = store.incidents().alerts(s.get().user().scope(), id, 200, 0);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("incident", incident.get());
    p.put("alerts", alerts);
    Map<String, Alert> byId = new HashMap<>();
    for (Alert a : alerts.items()) {
      byId.put(a.id(), a);
    }
    p.put("alertsById", byId);
    p.put("canRespond", s.get().user().canRespond());
    p.put("canAcknowledge", s.get().user().canAcknowledge());
    p.put("stats", store.incidents().observableStats(s.get().user().scope(), id, 500));
    render(ctx, "incident.jte", p);
  }

  /** What a page of a logged-in user gets: shared with {@link ConsoleAdminRoutes}. */
  View view(Context ctx, Session s, String path) {
    return new View(messages(ctx), s.user().username(), s.csrfToken(), path, japaneseTitles);
  }

  /** Renders the error page (used by the server's 404 and 500 handlers for non-API paths). */
  public void errorPage(Context ctx, int status, String messageKey) {
    Optional<Session> s = session(ctx);
    View view =
        new View(
            messages(ctx),
            s.map(x -> x.user().username()).orElse(null),
            s.map(Session::csrfToken).orElse(""),
            "/",
            japaneseTitles);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("message", view.t(messageKey));
    ctx.status(status);
    render(ctx, "error.jte", p);
  }

  static boolean sameToken(String a, String b) {
    if (a == null || b == null || a.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
