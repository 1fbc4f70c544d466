package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mimamori.incidents.Entities;
import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.server.report.ReportFonts;
import dev.mimamori.server.report.ReportScheduler;
import dev.mimamori.store.MutableClock;
import dev.mimamori.store.ReportRepository;
import dev.mimamori.store.TenantScope;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monthly reports through the real server: PDF checked with poppler's pdftoppm and pdftotext, the
 * HTML escaping attacker text, tenant isolation, the schedule, and the e-mail reaching a real SMTP
 * server (GreenMail) with the PDF attached.
 */
class ReportTest {
  /** The runtime's time: 1 December 2026, 09:00 JST; the schedule's day (28) has not come. */
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  static final String JAPANESE_TITLE = "管理画面への不正ログイン";
  static final String HOSTILE_TITLE = "<script>alert(1)</script>";
  static final String TENANT_NAME = "ふるさと商店";

  @TempDir static Path dir;
  static GreenMail smtp;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String bob;

  @BeforeAll
  static void start() throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Path notify = dir.resolve("notify.json");
    Files.writeString(
        notify,
        """
        {
          "channels": [
            {"name": "mail", "type": "email", "host": "127.0.0.1", "port": %d, "tls": "none",
             "from": "mimamori <reports@mimamori.example.jp>", "to": ["soc@mimamori.example.jp"]}
          ],
          "routes": [],
          "reports": {
            "channel": "mail", "day": 28, "at": "09:00",
            "recipients": [
              {"tenant": "shop-a", "to": ["owner@shop-a.example.jp"], "locale": "ja"},
              {"tenant": "shop-b", "to": "owner@shop-b.example.jp", "locale": "en"}
            ]
          }
        }
        """
            .formatted(smtp.getSmtp().getPort()),
        StandardCharsets.UTF_8);
    rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
                .withNotify(notify),
            new MutableClock(NOW),
            ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    http.sendJson(
        "PATCH",
        "/api/v1/tenants/shop-a",
        "{\"name\":\"" + TENANT_NAME + "\"}",
        "Authorization",
        "Bearer " + admin);
    http.sendJson(
        "POST",
        "/api/v1/tenants",
        "{\"name\":\"Shop B\",\"id\":\"shop-b\"}",
        "Authorization",
        "Bearer " + admin);
    http.sendJson(
        "POST",
        "/api/v1/users",
        "{\"username\":\"bob\",\"password\":\"bob-password-long\",\"role\":\"customer\",\"tenant\":\"shop-b\"}",
        "Authorization",
        "Bearer " + admin);
    bob = http.token("bob", "bob-password-long");
    incident("shop-a", JAPANESE_TITLE, Severity.CRITICAL, "2026-11-10T03:00:00Z");
    incident("shop-a", HOSTILE_TITLE, Severity.HIGH, "2026-11-12T03:00:00Z");
  }

  @AfterAll
  static void stop() {
    rt.close();
    smtp.stop();
  }

  /** An incident of one alert, stored as the pipeline would. */
  static void incident(String tenant, String title, Severity severity, String at) {
    Instant t = Instant.parse(at);
    String id = UUID.randomUUID().toString();
    Alert a =
        new Alert(
            UUID.randomUUID().toString(),
            "test-rule",
            title,
            "web.test",
            severity,
            tenant,
            "furusato-shop.example.jp",
            t,
            "203.0.113.9",
            List.of(new EvidenceRef(t, "/var/log/nginx/access.log", 0, 1, "GET / HTTP/1.1")),
            Set.of(Observable.ip("203.0.113.9")),
            id);
    Incident i =
        new Incident(
            id,
            tenant,
            "furusato-shop.example.jp",
            title,
            IncidentStatus.NEW,
            severity,
            1,
            t,
            t,
            List.of(),
            Set.of(Observable.ip("203.0.113.9")));
    rt.store()
        .incidents()
        .record(
            new IncidentChange(
                a,
                i,
                true,
                Entities.of(a),
                List.of(new TimelineEntry(t, "alert", title, a.id())),
                List.of()));
  }

  static HttpResponse<byte[]> getBytes(String path, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            http.request(path).header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  static Path japanesePdf() throws Exception {
    assumeTrue(ReportFonts.find().isPresent(), ReportFonts.missingMessage());
    HttpResponse<byte[]> r = getBytes("/api/v1/reports/shop-a/2026-11.pdf?lang=ja", admin);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Path pdf = dir.resolve("report-" + UUID.randomUUID() + ".pdf");
    Files.write(pdf, r.body());
    return pdf;
  }

  static boolean installed(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  static String run(Path workDir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void pdftoppmTurnsThePdfsFirstPageIntoAnImage() throws Exception {
    assumeTrue(installed("pdftoppm"), "pdftoppm (Debian poppler-utils) is not installed");
    Path pdf = japanesePdf();

    run(dir, "pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", pdf.toString(), "page");

    try (var files = Files.list(dir)) {
      Path png =
          files
              .filter(f -> f.getFileName().toString().matches("page-0*1\\.png"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.size(png)).isGreaterThan(1000);
    }
  }

  @Test
  void thePdfsTextHoldsTheTenantsNameAndAJapaneseIncidentTitle() throws Exception {
    assumeTrue(installed("pdftotext"), "pdftotext (Debian poppler-utils) is not installed");
    Path pdf = japanesePdf();

    String text = run(dir, "pdftotext", "-enc", "UTF-8", pdf.toString(), "-");

    assertThat(text).contains(TENANT_NAME, JAPANESE_TITLE);
  }

  @Test
  void theHtmlShowsAnAttackersTitleAsText() {
    HttpResponse<String> r =
        http.get("/api/v1/reports/shop-a/2026-11.html?lang=en", "Authorization", "Bearer " + admin);

    assertThat(r.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain(HOSTILE_TITLE);
  }

  @Test
  void theHtmlHasNoStyleAttributeForTheCspToRefuse() {
    HttpResponse<String> r =
        http.get("/api/v1/reports/shop-a/2026-11.html?lang=ja", "Authorization", "Bearer " + admin);

    assertThat(r.body()).doesNotContain("style=").contains("/static/report.css");
  }

  @Test
  void theHtmlSaysNoStorefrontMonitorIsConfigured() {
    HttpResponse<String> r =
        http.get("/api/v1/reports/shop-a/2026-11.html?lang=en", "Authorization", "Bearer " + admin);

    assertThat(r.body()).contains("No storefront monitor configured.");
  }

  @Test
  void aCustomerOfTenantBGets404ForTenantAsPdf() throws Exception {
    assertThat(getBytes("/api/v1/reports/shop-a/2026-11.pdf", bob).statusCode()).isEqualTo(404);
  }

  @Test
  void aCustomerOfTenantBGets404ForTenantAsHtml() {
    assertThat(
            http.get("/api/v1/reports/shop-a/2026-11.html", "Authorization", "Bearer " + bob)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aCustomerOfTenantBCannotSendTenantAsReport() {
    HttpResponse<String> r =
        http.sendJson(
            "POST", "/api/v1/reports/shop-a/2026-11/send", "{}", "Authorization", "Bearer " + bob);

    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void aCustomerReadsTheirOwnTenantsReport() {
    assertThat(
            http.get("/api/v1/reports/shop-b/2026-11.html", "Authorization", "Bearer " + bob)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusesAMonthThatIsNoMonth() {
    assertThat(
            http.get("/api/v1/reports/shop-a/2026-13.html", "Authorization", "Bearer " + admin)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void theScheduleQueuesOneReportPerTenantMonthWhenTickedTwice() {
    // 28 December 2026, 09:00 JST: shop-a's (Japanese) report of November is due.
    ReportScheduler scheduler =
        new ReportScheduler(
            rt.store(),
            rt.reports(),
            new MutableClock(Instant.parse("2026-12-28T00:00:00Z")),
            () -> {});

    scheduler.tick();
    scheduler.tick();

    assertThat(rt.store().reports().forMonth(TenantScope.allTenants(), "shop-a", "2026-11"))
        .extracting(ReportRepository.Queued::origin)
        .containsExactly(ReportRepository.SCHEDULE);
  }

  @Test
  void theScheduleWaitsForTheConfiguredDay() {
    ReportScheduler scheduler =
        new ReportScheduler(
            rt.store(),
            rt.reports(),
            new MutableClock(Instant.parse("2027-01-27T12:00:00Z")),
            () -> {});

    assertThat(scheduler.tick()).isZero();
  }

  @Test
  void refusesToSendTheSameMonthAgainWithinTenMinutes() {
    String path = "/api/v1/reports/shop-a/2026-09/send";
    http.sendJson("POST", path, "{}", "Authorization", "Bearer " + admin);

    HttpResponse<String> again =
        http.sendJson("POST", path, "{}", "Authorization", "Bearer " + admin);

    assertThat(again.statusCode()).isEqualTo(429);
  }

  @Test
  void theReportEmailReachesTheSmtpServerWithThePdfAttached() throws Exception {
    assumeTrue(ReportFonts.find().isPresent(), ReportFonts.missingMessage());
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/reports/shop-a/2026-11/send",
            "{}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String messageId =
        rt.store()
            .outbox()
            .forReport(TenantScope.of("shop-a"), TestHttp.json(r).get("report_id").asText())
            .get(0)
            .message()
            .id();

    MimeMessage mail = awaitMail(messageId);

    Part pdf = ((MimeMultipart) mail.getContent()).getBodyPart(1);
    try (InputStream in = pdf.getInputStream()) {
      assertThat(pdf.getFileName() + " " + new String(in.readNBytes(5), StandardCharsets.US_ASCII))
          .isEqualTo("mimamori-report-shop-a-2026-11.pdf %PDF-");
    }
  }

  static MimeMessage awaitMail(String notificationId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        String[] h = m.getHeader("X-Mimamori-Notification-Id");
        if (h != null && h[0].equals(notificationId)) {
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no e-mail for notification " + notificationId);
  }
}
