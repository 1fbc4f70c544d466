package dev.mimamori.server.console;

import dev.mimamori.archive.EventArchive;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.server.account.SecondFactor;
import dev.mimamori.server.respond.ResponseService;
import dev.mimamori.server.web.PasswordLogin;
import dev.mimamori.store.IncidentLifecycle;
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
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server-rendered console: login and the shared parts of every page (session, language, time
 * zone, rendering, errors); the pages themselves are in {@link IncidentPages} and {@link
 * OverviewPages}.
 */
public final class ConsoleRoutes {
  static final String SESSION_COOKIE = "mm_session";
  static final String LOGIN_CSRF_COOKIE = "mm_login_csrf";
  static final String LANG_COOKIE = "mm_lang";
  static final String TZ_COOKIE = "mm_tz";

  private final Store store;
  private final SessionManager sessions;
  private final PasswordLogin login;
  private final boolean secureCookies;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Map<String, String> japaneseTitles = new RuleLoader().builtinJapaneseTitles();

  private final IncidentLifecycle lifecycle;
  private final Runnable statusChanged;
  private final SecondFactor secondFactor;
  private final IncidentPages incidentPages;
  private final OverviewPages overviewPages;

  public ConsoleRoutes(
      Store store,
      SessionManager sessions,
      PasswordLogin login,
      boolean secureCookies,
      IncidentLifecycle lifecycle,
      Runnable statusChanged,
      EventArchive archive,
      ResponseService responses,
      Clock clock,
      SecondFactor secondFactor) {
    this.secondFactor = secondFactor;
    this.lifecycle = lifecycle;
    this.statusChanged = statusChanged;
    this.store = store;
    this.sessions = sessions;
    this.login = login;
    this.secureCookies = secureCookies;
    this.incidentPages = new IncidentPages(this, store, lifecycle, responses);
    this.overviewPages = new OverviewPages(this, store, archive, clock);
  }

  public void register(Javalin app) {
    app.get("/login", this::loginPage);
    app.post("/login", this::login);
    app.post("/logout", this::logout);
    new SecondFactorPages(this, sessions, secondFactor, login).register(app);
    app.post("/incidents/{id}/ack", ctx -> respond(ctx, "ack"));
    app.post("/incidents/{id}/status", ctx -> respond(ctx, "status"));
    app.post("/incidents/{id}/comment", ctx -> respond(ctx, "comment"));
    incidentPages.register(app);
    overviewPages.register(app);
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
    ctx.redirect("/incidents/" + Href.segment(id), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static @org.jspecify.annotations.Nullable String blankToNull(
      @org.jspecify.annotations.Nullable String s) {
    return s == null || s.isBlank() ? null : s.length() > 4000 ? s.substring(0, 4000) : s;
  }

  /** What a browser opening {@code /} gets (shippers get Elasticsearch's answer there). */
  public void landing(Context ctx) {
    ctx.redirect("/dashboard");
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

  /**
   * The reader's time zone: a valid {@code tz} in the query (remembered in a cookie), else the
   * cookie's, else Tokyo for Japanese and UTC for English.
   */
  ZoneId zone(Context ctx, Messages messages) {
    String explicit = ctx.queryParam("tz");
    ZoneId chosen = parseZone(explicit);
    if (chosen != null) {
      ctx.cookie(cookie(ctx, TZ_COOKIE, chosen.getId(), 365 * 24 * 3600));
      return chosen;
    }
    chosen = parseZone(ctx.cookie(TZ_COOKIE));
    return chosen != null ? chosen : View.defaultZone(messages.lang());
  }

  /** A region id such as {@code Asia/Tokyo} or {@code UTC}; anything else is ignored. */
  static @org.jspecify.annotations.Nullable ZoneId parseZone(
      @org.jspecify.annotations.Nullable String tz) {
    if (tz == null || tz.length() > 64 || !tz.matches("[A-Za-z0-9_+\\-/]+")) {
      return null;
    }
    try {
      return ZoneId.of(tz);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The page's view for a logged-in user: language, zone, role, and the path to switch them. */
  View view(Context ctx, Session s) {
    Messages m = messages(ctx);
    return new View(
        m,
        s.user().username(),
        s.csrfToken(),
        here(ctx),
        japaneseTitles,
        zone(ctx, m),
        s.user().role());
  }

  /** This page's path and query, without the language and zone switches. */
  private static String here(Context ctx) {
    String path = ctx.path();
    if (!path.startsWith("/") || path.startsWith("//")) {
      return "/";
    }
    Href h = Href.to(path);
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              if (!name.equals("lang") && !name.equals("tz")) {
                values.forEach(v -> h.with(name, v));
              }
            });
    return h.toString();
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
      ctx.redirect("/dashboard");
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
    ctx.redirect("/dashboard", io.javalin.http.HttpStatus.SEE_OTHER);
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

  /** Renders the error page (used by the server's 404 and 500 handlers for non-API paths). */
  public void errorPage(Context ctx, int status, String messageKey) {
    Optional<Session> s = session(ctx);
    View view =
        s.isPresent() ? view(ctx, s.get()) : new View(messages(ctx), null, "", "/", japaneseTitles);
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
