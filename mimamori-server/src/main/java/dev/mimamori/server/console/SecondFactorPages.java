package dev.mimamori.server.console;

import dev.mimamori.server.account.QrSvg;
import dev.mimamori.server.account.SecondFactor;
import dev.mimamori.server.web.PasswordLogin;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's second-factor steps: the code after the password, the enrollment an admin or
 * analyst must finish before anything else (and a customer may choose), and turning it off where it
 * is not required.
 */
final class SecondFactorPages {
  static final String CODE_PAGE = "/login/totp";
  static final String ENROLL_PAGE = "/account/totp";

  /** How long a half sign-in (password given, code or enrollment owed) lasts. */
  static final Duration HALF_LIFE = Duration.ofMinutes(10);

  private final ConsoleRoutes console;
  private final SessionManager sessions;
  private final SecondFactor secondFactor;
  private final PasswordLogin login;

  /** The new secret each session is enrolling, by session id: stored only once confirmed. */
  private final Map<String, byte[]> fresh =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
              return size() > 10_000;
            }
          });

  SecondFactorPages(
      ConsoleRoutes console,
      SessionManager sessions,
      SecondFactor secondFactor,
      PasswordLogin login) {
    this.console = console;
    this.sessions = sessions;
    this.secondFactor = secondFactor;
    this.login = login;
  }

  void register(Javalin app) {
    app.get(CODE_PAGE, this::codePage);
    app.post(CODE_PAGE, this::code);
    app.get(ENROLL_PAGE, this::enrollPage);
    app.post(ENROLL_PAGE, this::confirm);
    app.get(ENROLL_PAGE + "/qr.svg", this::qr);
    app.post(ENROLL_PAGE + "/off", this::turnOff);
  }

  private Optional<Session> at(Context ctx, Session.Stage... stages) {
    Optional<Session> s = console.anySession(ctx);
    if (s.isPresent() && java.util.Arrays.asList(stages).contains(s.get().stage())) {
      return s;
    }
    ctx.redirect(s.isPresent() && s.get().signedIn() ? "/dashboard" : "/login");
    return Optional.empty();
  }

  private void codePage(Context ctx) {
    at(ctx, Session.Stage.CODE_NEEDED).ifPresent(s -> showCode(ctx, s, null, 200));
  }

  private void showCode(Context ctx, Session s, String errorKey, int status) {
    View view = console.view(ctx, s);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("error", errorKey == null ? null : view.t(errorKey));
    ctx.status(status);
    console.render(ctx, "totp.jte", p);
  }

  private void code(Context ctx) {
    Optional<Session> found = at(ctx, Session.Stage.CODE_NEEDED);
    if (found.isEmpty()) {
      return;
    }
    Session s = found.get();
    if (!ConsoleRoutes.sameToken(s.csrfToken(), ctx.formParam("csrf"))) {
      showCode(ctx, s, "login.error.csrf", 403);
      return;
    }
    User user = s.user();
    switch (secondFactor.verify(ctx.ip(), user, codeOf(ctx))) {
      case ACCEPTED -> {
        sessions.end(s.id());
        login.signedIn(user, ctx.ip(), "with second factor");
        console.signIn(ctx, user);
      }
      case THROTTLED -> {
        sessions.end(s.id());
        login.refused(user, ctx.ip(), "second factor throttled");
        ctx.header("Retry-After", "900");
        showCode(ctx, s, "totp.error.throttled", 429);
      }
      default -> {
        login.refused(user, ctx.ip(), "wrong second-factor code");
        showCode(ctx, s, "totp.error.wrong", 401);
      }
    }
  }

  private void enrollPage(Context ctx) {
    at(ctx, Session.Stage.ENROLLMENT_NEEDED, Session.Stage.SIGNED_IN)
        .ifPresent(s -> showEnroll(ctx, s, null, 200));
  }

  private void showEnroll(Context ctx, Session s, String errorKey, int status) {
    User user = s.user();
    View view = console.view(ctx, s);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("error", errorKey == null ? null : view.t(errorKey));
    boolean enrolled = secondFactor.enrolled(user);
    p.put("enrolled", enrolled);
    p.put("required", secondFactor.requiredFor(user));
    p.put("mustEnroll", s.stage() == Session.Stage.ENROLLMENT_NEEDED);
    SecondFactor.Enrollment e = null;
    if (!enrolled) {
      e =
          secondFactor.enrollmentOf(
              user, fresh.computeIfAbsent(s.id(), k -> secondFactor.freshSecret()));
    }
    p.put("askPassword", s.stage() == Session.Stage.SIGNED_IN);
    p.put("secret", e == null ? null : grouped(e.secret()));
    p.put("uri", e == null ? null : e.uri());
    ctx.header("Cache-Control", "no-store");
    ctx.status(status);
    console.render(ctx, "enroll.jte", p);
  }

  private void qr(Context ctx) {
    Optional<Session> s = at(ctx, Session.Stage.ENROLLMENT_NEEDED, Session.Stage.SIGNED_IN);
    if (s.isEmpty()) {
      return;
    }
    byte[] secret = fresh.get(s.get().id());
    if (secret == null) {
      ctx.status(HttpStatus.NOT_FOUND).result("");
      return;
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("image/svg+xml")
        .result(QrSvg.of(secondFactor.enrollmentOf(s.get().user(), secret).uri()));
  }

  private void confirm(Context ctx) {
    Optional<Session> found = at(ctx, Session.Stage.ENROLLMENT_NEEDED, Session.Stage.SIGNED_IN);
    if (found.isEmpty()) {
      return;
    }
    Session s = found.get();
    if (!ConsoleRoutes.sameToken(s.csrfToken(), ctx.formParam("csrf"))) {
      showEnroll(ctx, s, "error.csrf", 403);
      return;
    }
    User user = s.user();
    byte[] secret = fresh.get(s.id());
    if (secret == null) {
      ctx.redirect(ENROLL_PAGE, HttpStatus.SEE_OTHER);
      return;
    }
    if (s.stage() == Session.Stage.SIGNED_IN && !passwordAgain(ctx, user)) {
      showEnroll(ctx, s, "login.error.wrong", 400);
      return;
    }
    switch (secondFactor.confirmFresh(ctx.ip(), user, secret, codeOf(ctx))) {
      case ACCEPTED -> {
        fresh.remove(s.id());
        auditEnrolled(ctx, user, "second factor enrolled");
        if (s.stage() == Session.Stage.ENROLLMENT_NEEDED) {
          sessions.end(s.id());
          login.signedIn(user, ctx.ip(), "second factor enrolled");
          console.signIn(ctx, user);
        } else {
          ctx.redirect(ENROLL_PAGE, HttpStatus.SEE_OTHER);
        }
      }
      case THROTTLED -> {
        ctx.header("Retry-After", "900");
        showEnroll(ctx, s, "totp.error.throttled", 429);
      }
      case NOT_ENROLLED -> ctx.redirect(ENROLL_PAGE, HttpStatus.SEE_OTHER);
      default -> showEnroll(ctx, s, "totp.error.wrong", 400);
    }
  }

  /**
   * A customer or viewer turns the factor off, giving the password again (so a stolen session
   * cookie alone cannot); admins and analysts cannot.
   */
  private void turnOff(Context ctx) {
    Optional<Session> found = at(ctx, Session.Stage.SIGNED_IN);
    if (found.isEmpty()) {
      return;
    }
    Session s = found.get();
    if (!ConsoleRoutes.sameToken(s.csrfToken(), ctx.formParam("csrf"))) {
      showEnroll(ctx, s, "error.csrf", 403);
      return;
    }
    User user = s.user();
    if (secondFactor.requiredFor(user)) {
      showEnroll(ctx, s, "totp.error.required", 403);
      return;
    }
    String password = ctx.formParam("password");
    PasswordLogin.Outcome o =
        password == null || password.isEmpty() || password.length() > 1024
            ? new PasswordLogin.Outcome.WrongCredentials()
            : login.attempt(ctx.ip(), user.username(), password, u -> true);
    if (o instanceof PasswordLogin.Outcome.Success) {
      secondFactor.reset(user.id());
      auditEnrolled(ctx, user, "second factor turned off");
      ctx.redirect(ENROLL_PAGE, HttpStatus.SEE_OTHER);
    } else if (o instanceof PasswordLogin.Outcome.WrongCredentials) {
      showEnroll(ctx, s, "login.error.wrong", 400);
    } else {
      showEnroll(ctx, s, "login.error.throttled", 429);
    }
  }

  /**
   * The password given again: a signed-in user changing the second factor proves it is them, so a
   * stolen session cookie alone cannot plant an authenticator.
   */
  private boolean passwordAgain(Context ctx, User user) {
    String password = ctx.formParam("password");
    return password != null
        && !password.isEmpty()
        && password.length() <= 1024
        && login.attempt(ctx.ip(), user.username(), password, u -> true)
            instanceof PasswordLogin.Outcome.Success;
  }

  private void auditEnrolled(Context ctx, User user, String what) {
    ctx.attribute(dev.mimamori.server.api.ApiRoutes.USER_ATTR, user);
    ctx.attribute(dev.mimamori.server.web.AuditTrail.DETAIL_ATTR, what);
  }

  private static String codeOf(Context ctx) {
    String c = ctx.formParam("code");
    return c == null || c.length() > 20 ? "" : c;
  }

  /** The secret in groups of four, as people type it. */
  static String grouped(String secret) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < secret.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(secret, i, Math.min(secret.length(), i + 4));
    }
    return b.toString();
  }
}
