package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  /** Logs in through the form and returns the session cookie header value. */
  static String login() {
    HttpResponse<String> page = http.get("/login");
    String csrfCookie = cookie(page, "mm_login_csrf");
    String csrf = hidden(page.body());
    HttpResponse<String> r =
        http.postForm(
            "/login",
            "csrf="
                + csrf
                + "&username=admin&password="
                + URLEncoder.encode(ServerFixture.ADMIN_PASSWORD, StandardCharsets.UTF_8),
            "Cookie",
            "mm_login_csrf=" + csrfCookie);
    assertThat(r.statusCode()).isEqualTo(303);
    return "mm_session=" + cookie(r, "mm_session");
  }

  static String cookie(HttpResponse<String> r, String name) {
    for (String h : r.headers().allValues("Set-Cookie")) {
      if (h.startsWith(name + "=")) {
        return h.substring(name.length() + 1, h.indexOf(';'));
      }
    }
    throw new AssertionError("no cookie " + name + " in " + r.headers().allValues("Set-Cookie"));
  }

  static String setCookieHeader(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith(name + "="))
        .findFirst()
        .orElseThrow();
  }

  static String hidden(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("csrf field in page").isTrue();
    return m.group(1);
  }

  static String firstIncidentId() {
    return rt.store()
        .incidents()
        .list(dev.mimamori.store.TenantScope.allTenants(), null, 1, 0)
        .items()
        .get(0)
        .id();
  }

  @Test
  void redirectsToTheLoginPageWithoutASession() {
    HttpResponse<String> r = http.get("/incidents");

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/login");
  }

  @Test
  void refusesALoginWithoutTheFormToken() {
    HttpResponse<String> r =
        http.postForm("/login", "username=admin&password=" + ServerFixture.ADMIN_PASSWORD);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("mm_session="));
  }

  @Test
  void refusesAWrongPasswordOnTheForm() {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> r =
        http.postForm(
            "/login",
            "csrf=" + hidden(page.body()) + "&username=admin&password=wrong-password",
            "Cookie",
            "mm_login_csrf=" + cookie(page, "mm_login_csrf"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Wrong user name or password.");
  }

  @Test
  void setsAStrictHttpOnlySessionCookie() {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> r =
        http.postForm(
            "/login",
            "csrf="
                + hidden(page.body())
                + "&username=admin&password="
                + ServerFixture.ADMIN_PASSWORD,
            "Cookie",
            "mm_login_csrf=" + cookie(page, "mm_login_csrf"));

    String header = setCookieHeader(r, "mm_session");
    assertThat(header).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
  }

  @Test
  void listsIncidentsAfterLogin() {
    HttpResponse<String> r = http.get("/incidents", "Cookie", login());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Incidents").contains("/incidents/" + firstIncidentId());
  }

  @Test
  void showsAnIncidentWithItsAlertsAndEvidence() {
    HttpResponse<String> r = http.get("/incidents/" + firstIncidentId(), "Cookie", login());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Timeline").contains("/html/user_data/packages.php");
  }

  @Test
  void escapesAttackerTextFromTheLog() {
    HttpResponse<String> r = http.get("/incidents/" + firstIncidentId(), "Cookie", login());

    assertThat(r.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)");
  }

  @Test
  void neverServesInlineScriptOrStyle() {
    HttpResponse<String> r = http.get("/incidents/" + firstIncidentId(), "Cookie", login());

    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(r.body()).doesNotContain("<script").doesNotContain("style=");
    assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void speaksJapaneseToAJapaneseBrowser() {
    HttpResponse<String> r = http.get("/login", "Accept-Language", "ja-JP,ja;q=0.9,en;q=0.5");

    assertThat(r.body()).contains("<html lang=\"ja\">").contains("ログイン");
  }

  @Test
  void showsIncidentAndAlertTitlesInJapanese() {
    HttpResponse<String> r =
        http.get("/incidents/" + firstIncidentId() + "?lang=ja", "Cookie", login());

    assertThat(r.body())
        .contains("user_data 配下の PHP ファイルへのリクエスト（Web シェルまたはカード情報収集）（furusato-shop.example.jp）")
        .contains("管理画面のファイル管理からファイルを書き込み")
        .contains("[緊急] user_data 配下の PHP ファイルへのリクエスト（Web シェルまたはカード情報収集）（送信元 203.0.113.77）");
  }

  @Test
  void keepsEnglishTitlesForEnglishReaders() {
    HttpResponse<String> r =
        http.get("/incidents/" + firstIncidentId() + "?lang=en", "Cookie", login());

    assertThat(r.body()).contains("File written through the admin file manager");
  }

  @Test
  void speaksEnglishByDefault() {
    HttpResponse<String> r = http.get("/login");

    assertThat(r.body()).contains("<html lang=\"en\">").contains("Log in");
  }

  @Test
  void switchesLanguageFromTheLinkAndRemembersIt() {
    HttpResponse<String> r = http.get("/login?lang=ja", "Accept-Language", "en");

    assertThat(r.body()).contains("ログイン");
    assertThat(cookie(r, "mm_lang")).isEqualTo("ja");
    assertThat(http.get("/login", "Cookie", "mm_lang=ja").body()).contains("ユーザー名");
  }

  @Test
  void answersAnUnknownPageWithAnHtml404() {
    HttpResponse<String> r = http.get("/no-such-page");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("Not found.");
  }

  @Test
  void answersAnIncidentOfNoOnesWith404() {
    HttpResponse<String> r = http.get("/incidents/nope", "Cookie", login());

    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void logsOutOnlyWithTheSessionsFormToken() {
    String session = login();
    String csrf = hidden(http.get("/incidents", "Cookie", session).body());

    http.postForm("/logout", "csrf=wrong", "Cookie", session);
    assertThat(http.get("/incidents", "Cookie", session).statusCode()).isEqualTo(200);

    http.postForm("/logout", "csrf=" + csrf, "Cookie", session);
    assertThat(http.get("/incidents", "Cookie", session).statusCode()).isEqualTo(302);
  }

  @Test
  void servesTheStylesheet() {
    HttpResponse<String> r = http.get("/static/console.css");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
  }

  @Test
  void hasEveryMessageInBothLanguages() throws Exception {
    var en = new java.util.Properties();
    var ja = new java.util.Properties();
    try (var a = getClass().getResourceAsStream("/console/i18n/messages_en.properties");
        var b =
            new java.io.InputStreamReader(
                getClass().getResourceAsStream("/console/i18n/messages_ja.properties"),
                StandardCharsets.UTF_8)) {
      en.load(a);
      ja.load(b);
    }

    assertThat(ja.keySet()).isEqualTo(en.keySet());
    assertThat(List.copyOf(ja.values())).noneMatch(v -> v.toString().isBlank());
  }

  @Test
  void marksCookiesSecureBehindATlsProxy(@TempDir Path other) throws Exception {
    ServerConfig config =
        ServerFixture.config(other.resolve("data"), ServerFixture.writeLog(other), null)
            .withPublicUrl("https://soc.example.jp/");
    try (MimamoriRuntime tls =
        MimamoriRuntime.start(config, java.time.Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD)) {
      HttpResponse<String> r = new TestHttp(tls.port()).get("/login");

      assertThat(setCookieHeader(r, "mm_login_csrf")).contains("Secure");
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
    }
  }

  /** An incident no other test acknowledges: the last one listed. */
  static String incidentToRespondTo(int fromNewest) {
    var items =
        rt.store()
            .incidents()
            .list(dev.mimamori.store.TenantScope.allTenants(), null, 50, 0)
            .items();
    return items.get(Math.min(fromNewest, items.size() - 1)).id();
  }

  @Test
  void anAdminAcknowledgesFromTheIncidentPage() {
    String session = login();
    String id = incidentToRespondTo(1);
    HttpResponse<String> page = http.get("/incidents/" + id, "Cookie", session);

    HttpResponse<String> r =
        http.postForm(
            "/incidents/" + id + "/ack", "csrf=" + hidden(page.body()), "Cookie", session);

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(
            rt.store()
                .incidents()
                .get(dev.mimamori.store.TenantScope.allTenants(), id)
                .orElseThrow()
                .status()
                .label())
        .isEqualTo("acknowledged");
  }

  @Test
  void refusesAConsoleActionWithoutTheFormsToken() {
    String session = login();
    String id = incidentToRespondTo(1);

    HttpResponse<String> r =
        http.postForm("/incidents/" + id + "/comment", "csrf=forged&text=hi", "Cookie", session);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void showsACommentOnTheTimelineAsText() {
    String session = login();
    String id = incidentToRespondTo(0);
    HttpResponse<String> page = http.get("/incidents/" + id, "Cookie", session);
    http.postForm(
        "/incidents/" + id + "/comment",
        "csrf="
            + hidden(page.body())
            + "&text="
            + URLEncoder.encode("<img src=x onerror=alert(1)>", StandardCharsets.UTF_8),
        "Cookie",
        session);

    HttpResponse<String> after = http.get("/incidents/" + id, "Cookie", session);

    assertThat(after.body())
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<img src=x");
  }

  @Test
  void disablingAUserEndsItsConsoleSession() {
    dev.mimamori.store.User u =
        rt.store().users().create("default", "leaver", "leaver-password-long", "analyst");
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> r =
        http.postForm(
            "/login",
            "csrf=" + hidden(page.body()) + "&username=leaver&password=leaver-password-long",
            "Cookie",
            "mm_login_csrf=" + cookie(page, "mm_login_csrf"));
    String session = "mm_session=" + cookie(r, "mm_session");

    rt.store().users().setDisabled(u.id(), true);

    assertThat(http.get("/incidents", "Cookie", session).statusCode()).isEqualTo(302);
  }

  @Test
  void aPasswordResetEndsTheConsoleSessionsOpenedBefore() {
    rt.store().users().create("default", "resetme", "resetme-password-long", "analyst");
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> r =
        http.postForm(
            "/login",
            "csrf=" + hidden(page.body()) + "&username=resetme&password=resetme-password-long",
            "Cookie",
            "mm_login_csrf=" + cookie(page, "mm_login_csrf"));
    String session = "mm_session=" + cookie(r, "mm_session");

    rt.store().users().setPassword("resetme", "another-password-long");

    assertThat(http.get("/incidents", "Cookie", session).statusCode()).isEqualTo(302);
  }
}
