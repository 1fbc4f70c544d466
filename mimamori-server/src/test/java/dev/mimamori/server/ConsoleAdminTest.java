package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.fim.Change;
import dev.mimamori.fim.ChangeKind;
import dev.mimamori.fim.DiffSummary;
import dev.mimamori.fim.FileKind;
import dev.mimamori.fim.FileRecord;
import dev.mimamori.fim.FimAlerts;
import dev.mimamori.model.Severity;
import dev.mimamori.store.TenantScope;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's configuration pages: file changes, rules, on-call, channels, tenants, audit. */
class ConsoleAdminTest {
  static final String WEBHOOK_TOKEN = "T0KEN-in-the-path-9f8e7d";
  static final String WEBHOOK_SECRET = "shared-secret-never-shown-1234";
  static final String SLACK_PATH = "T000/B000/slack-secret-path-XYZ";

  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String adminCsrf;
  static String customer;

  @BeforeAll
  static void start() throws Exception {
    Path notify = dir.resolve("notify.json");
    Files.writeString(
        notify,
        """
        {
          "channels": [
            {"name": "hook", "type": "webhook",
             "url": "https://hooks.example.jp/in/%s?key=%s", "secret": "%s"},
            {"name": "chat", "type": "slack", "webhook_url": "https://hooks.slack.com/services/%s"}
          ],
          "routes": [{"channel": "chat", "min_severity": "high"}],
          "oncall": {
            "people": [
              {"id": "aiko", "name": "佐藤 愛子", "locale": "ja",
               "contacts": [{"channel": "hook", "address": "aiko-phone-09012345678"}]}
            ],
            "schedules": [
              {"name": "primary", "zone": "Asia/Tokyo",
               "layers": [{"participants": ["aiko"], "start": "2020-01-06T09:00", "rotation": "weekly"}]}
            ],
            "policies": [{"name": "shop", "steps": [{"targets": [{"schedule": "primary"}], "delay_minutes": 5}]}]
          },
          "escalation": {"policy": "shop", "min_severity": "critical"}
        }
        """
            .formatted(WEBHOOK_TOKEN, WEBHOOK_TOKEN, WEBHOOK_SECRET, SLACK_PATH),
        StandardCharsets.UTF_8);
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withNotify(notify);
    rt = MimamoriRuntime.start(config, java.time.Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = login("admin", ServerFixture.ADMIN_PASSWORD);
    adminCsrf = ConsoleTest.hidden(http.get("/incidents", "Cookie", admin).body());
    rt.store().users().create("shop-a", "kaori", "kaori-password-long", "customer");
    customer = login("kaori", "kaori-password-long");
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static String login(String user, String password) {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> r =
        http.postForm(
            "/login",
            "csrf="
                + ConsoleTest.hidden(page.body())
                + "&username="
                + user
                + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8),
            "Cookie",
            "mm_login_csrf=" + ConsoleTest.cookie(page, "mm_login_csrf"));
    return "mm_session=" + ConsoleTest.cookie(r, "mm_session");
  }

  static HttpResponse<String> adminForm(String path, String form) {
    return http.postForm(path, "csrf=" + adminCsrf + "&" + form, "Cookie", admin);
  }

  /** A file change alert as file integrity makes it, with a diff of the given texts. */
  static String fileChange(String path, String before, String after) throws Exception {
    byte[] hash = new byte[32];
    hash[0] = (byte) 0xab;
    FileRecord old =
        new FileRecord(path, FileKind.FILE, 1, 0644, 0, 0, 1, 1, 7, new byte[32], null, -1);
    FileRecord now = new FileRecord(path, FileKind.FILE, 2, 0644, 0, 0, 2, 2, 7, hash, null, -1);
    Change c =
        new Change(
            "/var/www/shop",
            path,
            ChangeKind.MODIFIED,
            Severity.HIGH,
            List.of("a script from a new host was added"),
            List.of(),
            DiffSummary.of(
                before.getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8)),
            old,
            now,
            1,
            List.of());
    var alert = FimAlerts.toAlert(c, "shop-a", "furusato-shop.example.jp", Instant.now());
    assertThat(rt.pipeline().submitAlert(alert)).isTrue();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (rt.store().incidents().alert(TenantScope.allTenants(), alert.id()).isEmpty()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      rt.pipeline().flush(Duration.ofSeconds(1));
      Thread.sleep(20);
    }
    return alert.id();
  }

  @Test
  void customerCannotOpenUsersPage() {
    assertThat(http.get("/users", "Cookie", customer).statusCode()).isEqualTo(403);
  }

  @Test
  void createTenantFormRequiresCsrf() {
    HttpResponse<String> r =
        http.postForm("/tenants", "name=No+Token+Shop&id=no-token", "Cookie", admin);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aTenantPostedWithoutTheFormTokenIsNotCreated() {
    http.postForm("/tenants", "name=Forged+Shop&id=forged-shop", "Cookie", admin);

    assertThat(rt.store().tenants().ids()).doesNotContain("forged-shop");
  }

  @Test
  void adminCreatesTenantFromConsole() {
    HttpResponse<String> r = adminForm("/tenants", "name=Kyoto+Tea&id=kyoto-tea");

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(rt.store().tenants().ids()).contains("kyoto-tea");
  }

  @Test
  void customerCannotCreateTenant() {
    HttpResponse<String> page = http.get("/sites", "Cookie", customer);
    String csrf = ConsoleTest.hidden(page.body());

    HttpResponse<String> r =
        http.postForm("/tenants", "csrf=" + csrf + "&name=Mine", "Cookie", customer);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void customerSeesItsSitesWithoutForms() {
    rt.store()
        .sites()
        .create(
            "shop-a",
            "main shop",
            List.of("https://shop-a.example.jp/"),
            List.of(),
            List.of(),
            null,
            null);

    String body = http.get("/sites", "Cookie", customer).body();

    assertThat(body).contains("main shop").doesNotContain("action=\"/sites");
  }

  @Test
  void adminCreatesSiteFromConsole() {
    HttpResponse<String> r =
        adminForm(
            "/sites",
            "tenant=shop-a&name=outlet&urls=https%3A%2F%2Foutlet.example.jp%2F%0D%0Ahttps%3A%2F%2Fm.example.jp%2F&platform=ec-cube");

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(rt.store().sites().list(TenantScope.of("shop-a"), null))
        .anyMatch(s -> s.name().equals("outlet") && s.urls().size() == 2);
  }

  @Test
  void channelsPageShowsAQueuedReportE_mail() {
    rt.store()
        .reports()
        .queue(
            "request:console-test",
            "shop-a",
            "2026-10",
            "request",
            "admin",
            java.util.List.of(
                dev.mimamori.incidents.outbox.OutboxMessage.report(
                    "report-mail-1",
                    "shop-a",
                    "request:console-test",
                    "mail",
                    "en",
                    "owner@shop-a.example.jp",
                    java.time.Instant.now())));

    HttpResponse<String> r = http.get("/channels", "Cookie", admin);

    assertThat(r.body()).contains("request:console-test");
  }

  @Test
  void secretsNotShownOnChannelsPage() {
    String body = http.get("/channels", "Cookie", admin).body();

    assertThat(body)
        .contains("https://hooks.example.jp/…")
        .doesNotContain(WEBHOOK_TOKEN)
        .doesNotContain(WEBHOOK_SECRET)
        .doesNotContain("slack-secret-path");
  }

  @Test
  void customerCannotOpenChannelsPage() {
    assertThat(http.get("/channels", "Cookie", customer).statusCode()).isEqualTo(403);
  }

  @Test
  void onCallPageShowsWhoIsOnCallNow() {
    String body = http.get("/oncall", "Cookie", admin).body();

    assertThat(body).contains("On call now: 佐藤 愛子 (aiko)");
  }

  @Test
  void onCallPageMasksContactAddresses() {
    assertThat(http.get("/oncall", "Cookie", admin).body()).doesNotContain("09012345678");
  }

  @Test
  void diffShownAsTextWithInvisibleCharsMarked() throws Exception {
    String id =
        fileChange(
            "html/template/default/js/customize.js",
            "var a = 1;\n",
            "var a = 1;\ndocument.write('<script src=\"https://evil.example/x.js\"></script>');\u200b\n");

    String body = http.get("/files/" + id, "Cookie", admin).body();

    assertThat(body)
        .contains("<span class=\"diff-add\">+ document.write('&lt;script src=")
        .contains("<span class=\"invisible\">⟦U+200B⟧</span>")
        .doesNotContain("<script src=\"https://evil.example");
  }

  @Test
  void removedLinesAreMarkedAsRemoved() throws Exception {
    String id = fileChange("html/index.php", "<?php echo 'old';\n", "<?php echo 'new';\n");

    assertThat(http.get("/files/" + id, "Cookie", admin).body())
        .contains("<span class=\"diff-del\">- &lt;?php echo 'old';</span>");
  }

  @Test
  void fileChangeShowsBothHashes() throws Exception {
    String id = fileChange("html/a.js", "x\n", "y\n");

    assertThat(http.get("/files/" + id, "Cookie", admin).body())
        .contains("0".repeat(64))
        .contains("ab" + "0".repeat(62));
  }

  @Test
  void fileChangesAreListed() throws Exception {
    fileChange("html/listed.js", "a\n", "b\n");

    assertThat(http.get("/files", "Cookie", admin).body()).contains("html/listed.js");
  }

  @Test
  void adminDisablesUserFromConsole() {
    var u = rt.store().users().create("shop-a", "leaving", "leaving-password-long", "customer");

    HttpResponse<String> r = adminForm("/users/" + u.id() + "/disable", "");

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(rt.store().users().find(TenantScope.allTenants(), u.id()).orElseThrow().disabled())
        .isTrue();
  }

  @Test
  void adminCreatesUserFromConsole() {
    adminForm(
        "/users", "username=newbie&password=newbie-password-long&role=customer&tenant=shop-a");

    assertThat(rt.store().users().exists("newbie")).isTrue();
  }

  @Test
  void aWeakPasswordIsRefusedWithItsReason() {
    HttpResponse<String> r =
        adminForm("/users", "username=weak&password=short&role=customer&tenant=shop-a");

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void adminTurnsARuleOffForATenant() {
    HttpResponse<String> r =
        adminForm("/rules/mm-web-xss-payload/enabled", "tenant=shop-a&enabled=false");

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(rt.rules().tuning().enabled("shop-a", "mm-web-xss-payload")).isFalse();
  }

  @Test
  void adminAddsAnExceptionFromConsole() {
    adminForm(
        "/exceptions",
        "tenant=shop-a&rule_id=*&field=source.ip&match=cidr&value=198.51.100.0%2F24"
            + "&expires_at=2099-01-01T00:00:00Z&reason=office+network");

    assertThat(rt.store().ruleTuning().exceptions(TenantScope.of("shop-a")))
        .anyMatch(e -> e.value().equals("198.51.100.0/24") && e.match().equals("cidr"));
  }

  @Test
  void customerCannotTurnRulesOff() {
    String csrf = ConsoleTest.hidden(http.get("/rules", "Cookie", customer).body());

    HttpResponse<String> r =
        http.postForm(
            "/rules/mm-web-xss-payload/enabled",
            "csrf=" + csrf + "&enabled=false",
            "Cookie",
            customer);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void auditExportIsCsv() {
    HttpResponse<String> r = http.get("/audit/export.csv", "Cookie", admin);

    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(r.body()).startsWith("at,tenant,actor,action,target,outcome,source_ip,detail");
  }

  @Test
  void consoleChangesAreAudited() {
    adminForm("/tenants", "name=Audited+Shop&id=audited-shop");

    assertThat(http.get("/audit/export.csv?action=POST+%2Ftenants", "Cookie", admin).body())
        .contains("\"POST /tenants\"");
  }

  @Test
  void customerCannotExportTheAuditLog() {
    assertThat(http.get("/audit/export.csv", "Cookie", customer).statusCode()).isEqualTo(403);
  }

  @Test
  void pagesSpeakJapanese() {
    assertThat(http.get("/users?lang=ja", "Cookie", admin).body()).contains("新しいユーザー");
  }

  @Test
  void pagesCarryNoInlineScriptOrStyle() {
    for (String page :
        List.of(
            "/files", "/rules", "/oncall", "/channels", "/tenants", "/sites", "/users", "/audit")) {
      String body = http.get(page, "Cookie", admin).body();
      assertThat(body).as(page).doesNotContain("<script").doesNotContain("style=");
    }
  }

  @Test
  void hasEveryAdminMessageInBothLanguages() throws Exception {
    var en = new java.util.Properties();
    var ja = new java.util.Properties();
    try (var a =
            new java.io.InputStreamReader(
                getClass().getResourceAsStream("/console/i18n/admin_en.properties"),
                StandardCharsets.UTF_8);
        var b =
            new java.io.InputStreamReader(
                getClass().getResourceAsStream("/console/i18n/admin_ja.properties"),
                StandardCharsets.UTF_8)) {
      en.load(a);
      ja.load(b);
    }

    assertThat(ja.keySet()).isEqualTo(en.keySet());
  }
}
