package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.server.account.Base32;
import dev.mimamori.server.account.Totp;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TOTP second factor on a server that requires it (as {@code serve} does): through the API and
 * through the console forms. Each test has users of its own, so codes and throttles do not meet.
 */
class SecondFactorTest {
  static final String PASSWORD = "correct horse battery staple";
  static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir static java.nio.file.Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;

  @BeforeAll
  static void start() throws Exception {
    rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
                .withSingleFactorAllowed(false),
            Clock.systemUTC(),
            ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    rt.store().tenants().ensure("shop-a", "shop-a");
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static User user(String role) {
    String tenant = role.equals(User.ADMIN) || role.equals(User.ANALYST) ? "default" : "shop-a";
    return rt.store().users().create(tenant, role + "-" + NAMES.incrementAndGet(), PASSWORD, role);
  }

  static String login(User u) {
    return "\"username\":\"" + u.username() + "\",\"password\":\"" + PASSWORD + "\"";
  }

  static HttpResponse<String> token(User u, String code) {
    return http.postJson(
        "/api/v1/tokens",
        "{" + login(u) + (code == null ? "" : ",\"totp\":\"" + code + "\"") + "}");
  }

  /** Enrolls through the API; returns the secret. The code of the current step is used up. */
  static byte[] enroll(User u) {
    HttpResponse<String> begun = http.postJson("/api/v1/account/totp", "{" + login(u) + "}");
    assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
    byte[] secret = Base32.decode(TestHttp.json(begun).get("secret").asText());
    HttpResponse<String> confirmed =
        http.postJson(
            "/api/v1/account/totp/confirm",
            "{" + login(u) + ",\"totp\":\"" + Totp.codeAt(secret, Instant.now()) + "\"}");
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    return secret;
  }

  /** A code the server has not seen yet: the next step's (accepted as the clock's neighbour). */
  static String nextCode(byte[] secret) {
    return Totp.codeAt(secret, Instant.now().plusSeconds(30));
  }

  static String wrongCode(byte[] secret) {
    String right = Totp.codeAt(secret, Instant.now());
    String wrong = right.equals("000000") ? "000001" : "000000";
    return Totp.codeAt(secret, Instant.now().plusSeconds(30)).equals(wrong)
            || Totp.codeAt(secret, Instant.now().minusSeconds(30)).equals(wrong)
        ? "999999"
        : wrong;
  }

  // --- API ---------------------------------------------------------------------------------

  @Test
  void refusesATokenToAnAdminWithoutASecondFactor() {
    assertThat(token(user(User.ADMIN), null).statusCode()).isEqualTo(403);
  }

  @Test
  void refusesATokenToAnAnalystWithoutASecondFactor() {
    assertThat(token(user(User.ANALYST), null).statusCode()).isEqualTo(403);
  }

  @Test
  void givesACustomerWithoutASecondFactorATokenForThePassword() {
    assertThat(token(user(User.CUSTOMER), null).statusCode()).isEqualTo(201);
  }

  @Test
  void answersAnEnrollmentWithAnOtpauthUri() {
    User u = user(User.ADMIN);

    HttpResponse<String> r = http.postJson("/api/v1/account/totp", "{" + login(u) + "}");

    assertThat(TestHttp.json(r).get("otpauth_uri").asText())
        .startsWith("otpauth://totp/mimamori%3A" + u.username() + "?secret=");
  }

  @Test
  void refusesAnEnrollmentForAWrongPassword() {
    User u = user(User.ADMIN);

    HttpResponse<String> r =
        http.postJson(
            "/api/v1/account/totp",
            "{\"username\":\"" + u.username() + "\",\"password\":\"not it at all\"}");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void refusesATokenWithoutTheCodeOnceEnrolled() {
    User u = user(User.ADMIN);
    enroll(u);

    assertThat(token(u, null).statusCode()).isEqualTo(401);
  }

  @Test
  void givesATokenForTheRightCode() {
    User u = user(User.ANALYST);
    byte[] secret = enroll(u);

    assertThat(token(u, nextCode(secret)).statusCode()).isEqualTo(201);
  }

  @Test
  void acceptsACodeOnlyOnce() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);
    String code = nextCode(secret);
    token(u, code);

    assertThat(token(u, code).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesAWrongCode() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);

    assertThat(token(u, wrongCode(secret)).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesASecondEnrollmentOverAConfirmedOne() {
    User u = user(User.ADMIN);
    enroll(u);

    assertThat(http.postJson("/api/v1/account/totp", "{" + login(u) + "}").statusCode())
        .isEqualTo(409);
  }

  @Test
  void keepsTheSecretSealedInTheDatabase() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);

    String stored = rt.store().secondFactors().find(u.id()).orElseThrow().sealedSecret();

    assertThat(stored).startsWith("v1:").doesNotContain(Base32.encode(secret));
  }

  @Test
  void letsAnotherAdminResetALostFactor() {
    User lost = user(User.ANALYST);
    enroll(lost);
    String admin = adminToken();

    HttpResponse<String> r =
        http.sendJson(
            "DELETE",
            "/api/v1/users/" + lost.id() + "/totp",
            "",
            "Authorization",
            "Bearer " + admin);

    assertThat(r.statusCode()).isEqualTo(204);
  }

  @Test
  void makesAResetUserEnrollAgain() {
    User lost = user(User.ANALYST);
    enroll(lost);
    http.sendJson(
        "DELETE",
        "/api/v1/users/" + lost.id() + "/totp",
        "",
        "Authorization",
        "Bearer " + adminToken());

    assertThat(token(lost, null).statusCode()).isEqualTo(403);
  }

  @Test
  void refusesToResetOnesOwnFactor() {
    User admin = user(User.ADMIN);
    byte[] secret = enroll(admin);
    String t = TestHttp.json(token(admin, nextCode(secret))).get("token").asText();

    HttpResponse<String> r =
        http.sendJson(
            "DELETE", "/api/v1/users/" + admin.id() + "/totp", "", "Authorization", "Bearer " + t);

    assertThat(r.statusCode()).isEqualTo(409);
  }

  @Test
  void showsWhetherAUserHasASecondFactor() {
    User u = user(User.ANALYST);
    enroll(u);

    HttpResponse<String> r =
        http.get("/api/v1/users/" + u.id(), "Authorization", "Bearer " + adminToken());

    assertThat(TestHttp.json(r).get("second_factor").asBoolean()).isTrue();
  }

  @Test
  void writesARefusedCodeToTheAuditLog() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);
    token(u, wrongCode(secret));

    assertThat(
            rt.store()
                .audit()
                .list(TenantScope.allTenants(), Instant.EPOCH, Instant.now().plusSeconds(60), 5000))
        .anySatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo(u.username());
              assertThat(e.outcome()).isEqualTo("refused");
              assertThat(e.detail()).isEqualTo("wrong second-factor code");
            });
  }

  static String adminToken() {
    User admin = user(User.ADMIN);
    byte[] secret = enroll(admin);
    return TestHttp.json(token(admin, nextCode(secret))).get("token").asText();
  }

  // --- console -----------------------------------------------------------------------------

  /** Posts the login form; returns the answer (a redirect with a session cookie when right). */
  static HttpResponse<String> passwordForm(User u) {
    HttpResponse<String> page = http.get("/login");
    String csrfCookie = ConsoleTest.cookie(page, "mm_login_csrf");
    return http.postForm(
        "/login",
        "csrf="
            + ConsoleTest.hidden(page.body())
            + "&username="
            + u.username()
            + "&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8),
        "Cookie",
        "mm_login_csrf=" + csrfCookie);
  }

  static String session(HttpResponse<String> r) {
    return "mm_session=" + ConsoleTest.cookie(r, "mm_session");
  }

  static HttpResponse<String> codeForm(String half, String code) {
    String csrf = ConsoleTest.hidden(http.get("/login/totp", "Cookie", half).body());
    return http.postForm("/login/totp", "csrf=" + csrf + "&code=" + code, "Cookie", half);
  }

  @Test
  void asksForTheCodeAfterThePassword() {
    User u = user(User.ADMIN);
    enroll(u);

    assertThat(passwordForm(u).headers().firstValue("Location")).hasValue("/login/totp");
  }

  @Test
  void keepsAHalfSignedInUserOutOfTheIncidents() {
    User u = user(User.ADMIN);
    enroll(u);
    String half = session(passwordForm(u));

    HttpResponse<String> r = http.get("/incidents", "Cookie", half);

    assertThat(r.headers().firstValue("Location")).hasValue("/login/totp");
  }

  @Test
  void opensTheConsoleForTheRightCode() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);
    String half = session(passwordForm(u));
    String full = session(codeForm(half, nextCode(secret)));

    assertThat(http.get("/incidents", "Cookie", full).statusCode()).isEqualTo(200);
  }

  @Test
  void givesANewSessionIdAfterTheCode() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);
    String half = session(passwordForm(u));

    assertThat(session(codeForm(half, nextCode(secret)))).isNotEqualTo(half);
  }

  @Test
  void refusesAWrongCodeInTheConsole() {
    User u = user(User.ANALYST);
    byte[] secret = enroll(u);
    String half = session(passwordForm(u));

    assertThat(codeForm(half, wrongCode(secret)).statusCode()).isEqualTo(401);
  }

  @Test
  void sendsAnAdminWithoutAFactorToEnrollment() {
    User u = user(User.ADMIN);

    assertThat(passwordForm(u).headers().firstValue("Location")).hasValue("/account/totp");
  }

  @Test
  void keepsAnAdminWhoMustEnrollOutOfTheIncidents() {
    String half = session(passwordForm(user(User.ADMIN)));

    HttpResponse<String> r = http.get("/incidents", "Cookie", half);

    assertThat(r.headers().firstValue("Location")).hasValue("/account/totp");
  }

  @Test
  void showsTheSecretAsAQrImage() {
    String half = session(passwordForm(user(User.ADMIN)));
    http.get("/account/totp", "Cookie", half);

    HttpResponse<String> qr = http.get("/account/totp/qr.svg", "Cookie", half);

    assertThat(qr.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
  }

  @Test
  void opensTheConsoleOnceTheEnrollmentIsConfirmed() {
    User u = user(User.ADMIN);
    String half = session(passwordForm(u));
    String page = http.get("/account/totp", "Cookie", half).body();
    byte[] secret = Base32.decode(secretShown(page));
    HttpResponse<String> r =
        http.postForm(
            "/account/totp",
            "csrf=" + ConsoleTest.hidden(page) + "&code=" + Totp.codeAt(secret, Instant.now()),
            "Cookie",
            half);

    assertThat(http.get("/incidents", "Cookie", session(r)).statusCode()).isEqualTo(200);
  }

  @Test
  void letsACustomerSignInWithThePasswordAlone() {
    HttpResponse<String> r = passwordForm(user(User.CUSTOMER));

    assertThat(http.get("/incidents", "Cookie", session(r)).statusCode()).isEqualTo(200);
  }

  @Test
  void letsACustomerTurnTheirFactorOff() {
    User u = user(User.CUSTOMER);
    byte[] secret = enroll(u);
    String half = session(passwordForm(u));
    String full = session(codeForm(half, nextCode(secret)));
    String csrf = ConsoleTest.hidden(http.get("/account/totp", "Cookie", full).body());
    http.postForm(
        "/account/totp/off",
        "csrf=" + csrf + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8),
        "Cookie",
        full);

    assertThat(rt.store().secondFactors().enrolled(u.id())).isFalse();
  }

  @Test
  void keepsACustomersFactorForAWrongPassword() {
    User u = user(User.CUSTOMER);
    byte[] secret = enroll(u);
    String full = session(codeForm(session(passwordForm(u)), nextCode(secret)));
    String csrf = ConsoleTest.hidden(http.get("/account/totp", "Cookie", full).body());
    http.postForm("/account/totp/off", "csrf=" + csrf + "&password=guess", "Cookie", full);

    assertThat(rt.store().secondFactors().enrolled(u.id())).isTrue();
  }

  @Test
  void keepsAnAdminsFactorOn() {
    User u = user(User.ADMIN);
    byte[] secret = enroll(u);
    String full = session(codeForm(session(passwordForm(u)), nextCode(secret)));
    String csrf = ConsoleTest.hidden(http.get("/account/totp", "Cookie", full).body());

    HttpResponse<String> r =
        http.postForm(
            "/account/totp/off",
            "csrf=" + csrf + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8),
            "Cookie",
            full);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void refusesTheEnrollmentFormWithoutItsCsrfToken() {
    String half = session(passwordForm(user(User.ADMIN)));
    http.get("/account/totp", "Cookie", half);

    HttpResponse<String> r = http.postForm("/account/totp", "code=123456", "Cookie", half);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void refusesATokenIssuedBeforeTheAdminHadToEnroll() {
    User u = user(User.ADMIN);
    String old = rt.store().users().issueToken(u, java.time.Duration.ofDays(90));

    HttpResponse<String> r = http.get("/api/v1/incidents", "Authorization", "Bearer " + old);

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void neverShowsASecretPendingFromTheApiOnTheEnrollmentPage() {
    User u = user(User.ADMIN);
    String planted =
        TestHttp.json(http.postJson("/api/v1/account/totp", "{" + login(u) + "}"))
            .get("secret")
            .asText();
    String half = session(passwordForm(u));

    String shown = secretShown(http.get("/account/totp", "Cookie", half).body()).replace(" ", "");

    assertThat(shown).isNotEqualTo(planted);
  }

  @Test
  void confirmsTheSecretShownRatherThanOnePendingFromTheApi() {
    User u = user(User.ADMIN);
    http.postJson("/api/v1/account/totp", "{" + login(u) + "}");
    String half = session(passwordForm(u));
    String page = http.get("/account/totp", "Cookie", half).body();
    byte[] shown = Base32.decode(secretShown(page));
    http.postForm(
        "/account/totp",
        "csrf=" + ConsoleTest.hidden(page) + "&code=" + Totp.codeAt(shown, Instant.now()),
        "Cookie",
        half);

    assertThat(token(u, nextCode(shown)).statusCode()).isEqualTo(201);
  }

  @Test
  void asksASignedInCustomerForThePasswordToEnroll() {
    User u = user(User.CUSTOMER);
    String full = session(passwordForm(u));
    String page = http.get("/account/totp", "Cookie", full).body();
    byte[] shown = Base32.decode(secretShown(page));
    http.postForm(
        "/account/totp",
        "csrf=" + ConsoleTest.hidden(page) + "&code=" + Totp.codeAt(shown, Instant.now()),
        "Cookie",
        full);

    assertThat(rt.store().secondFactors().enrolled(u.id())).isFalse();
  }

  @Test
  void letsASignedInCustomerEnrollWithThePassword() {
    User u = user(User.CUSTOMER);
    String full = session(passwordForm(u));
    String page = http.get("/account/totp", "Cookie", full).body();
    byte[] shown = Base32.decode(secretShown(page));
    http.postForm(
        "/account/totp",
        "csrf="
            + ConsoleTest.hidden(page)
            + "&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
            + "&code="
            + Totp.codeAt(shown, Instant.now()),
        "Cookie",
        full);

    assertThat(rt.store().secondFactors().enrolled(u.id())).isTrue();
  }

  static String secretShown(String html) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>").matcher(html);
    assertThat(m.find()).as("secret on the page").isTrue();
    return m.group(1);
  }
}
