package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.TenantScope;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's pages: dashboard, filtered lists, pivots, actions with confirmation, events. */
class ConsolePagesTest {
  static final String HIDDEN_LINE =
      "192.0.2.99 - - [21/Nov/2026:10:05:00 +0900] \"GET /search?q=adm\u200Bin\u202Etxt.exe HTTP/1.1\" 200 100 \"-\" \"Mozilla/5.0\"";
  static final String EVIL_URL = "https://evil.example/skim.js";

  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String bob;
  static String paged;

  @BeforeAll
  static void start() throws Exception {
    Path log = dir.resolve("access.log");
    List<String> lines = new ArrayList<>(ServerFixture.ATTACK);
    lines.add(HIDDEN_LINE);
    Files.write(log, lines, StandardCharsets.UTF_8);
    Path respond = dir.resolve("respond.json");
    Files.writeString(
        respond,
        """
        {"actions": [{"name": "block-nginx", "type": "nginx-deny", "deny_file": "%s"}]}
        """
            .formatted(dir.resolve("deny.conf")),
        StandardCharsets.UTF_8);
    rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), log, null).withNotify(respond),
            Clock.systemUTC(),
            ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = login("admin", ServerFixture.ADMIN_PASSWORD);
    rt.store().tenants().ensure("shop-b", "Shop B");
    rt.store().users().create("shop-b", "bob", "bob-password-long", "customer");
    bob = login("bob", "bob-password-long");
    IncidentApiTestSupport.incidentOf(rt, "shop-b");
    rt.store().tenants().ensure("shop-paged", "Paged");
    for (int i = 0; i < 51; i++) {
      paged = IncidentApiTestSupport.incidentOf(rt, "shop-paged");
    }
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
    assertThat(r.statusCode()).isEqualTo(303);
    return "mm_session=" + ConsoleTest.cookie(r, "mm_session");
  }

  static Incident critical() {
    return rt.store().incidents().list(TenantScope.of("shop-a"), null, 50, 0).items().stream()
        .filter(i -> i.severity() == Severity.CRITICAL)
        .findFirst()
        .orElseThrow();
  }

  /** An incident whose alert carries an attacker's URL as observable and evidence. */
  static String incidentWithUrl(String url) {
    Instant at = Instant.parse("2026-11-21T06:00:00Z");
    String id = UUID.randomUUID().toString();
    Alert a =
        new Alert(
            UUID.randomUUID().toString(),
            "test-skimmer",
            "Skimmer",
            "web.skimmer",
            Severity.HIGH,
            "shop-a",
            "furusato-shop.example.jp",
            at,
            "203.0.113.50",
            List.of(new EvidenceRef(at, "access.log", 0, 1, "<script src=\"" + url + "\">")),
            Set.of(Observable.url(url)),
            id);
    Incident i =
        new Incident(
            id,
            "shop-a",
            "furusato-shop.example.jp",
            "Skimmer",
            IncidentStatus.NEW,
            Severity.HIGH,
            1,
            at,
            at,
            List.of(),
            a.observables());
    rt.store()
        .incidents()
        .record(
            new IncidentChange(
                a,
                i,
                true,
                Set.of(),
                List.of(new TimelineEntry(at, "alert", "t", a.id())),
                List.of()));
    return id;
  }

  @Test
  void aBrowserOpeningTheRootLandsOnTheDashboard() {
    HttpResponse<String> r = http.get("/", "Accept", "text/html");

    assertThat(r.headers().firstValue("Location")).contains("/dashboard");
  }

  @Test
  void theDashboardCountsOpenIncidentsBySeverity() {
    HttpResponse<String> r = http.get("/dashboard?lang=en", "Cookie", admin);

    assertThat(r.body()).contains("/incidents?status=open&amp;severity=critical");
  }

  @Test
  void aCustomerSeesOnlyItsOwnTenantOnTheDashboard() {
    HttpResponse<String> r = http.get("/dashboard", "Cookie", bob);

    assertThat(r.body()).contains("shop-b").doesNotContain("shop-a").doesNotContain("furusato");
  }

  @Test
  void aShopWhoseEventsStoppedIsListedAsQuiet() {
    HttpResponse<String> r = http.get("/dashboard?lang=en", "Cookie", admin);

    assertThat(r.body()).contains("furusato-shop.example.jp (shop-a): no events since");
  }

  @Test
  void theSeverityFilterNarrowsTheIncidentList() {
    HttpResponse<String> r = http.get("/incidents?severity=critical", "Cookie", admin);

    assertThat(r.body()).contains("/incidents/" + critical().id()).doesNotContain(paged);
  }

  @Test
  void theTenantFilterNarrowsTheIncidentList() {
    HttpResponse<String> r = http.get("/incidents?tenant=shop-b", "Cookie", admin);

    assertThat(r.body()).doesNotContain("/incidents/" + critical().id());
  }

  @Test
  void theTitleFilterNarrowsTheIncidentList() {
    HttpResponse<String> r = http.get("/incidents?q=no-title-has-this", "Cookie", admin);

    assertThat(r.body()).doesNotContain("/incidents/" + critical().id());
  }

  @Test
  void aCustomerFilteringForAnotherTenantSeesNothing() {
    HttpResponse<String> r = http.get("/incidents?tenant=shop-a", "Cookie", bob);

    assertThat(r.body()).doesNotContain("/incidents/" + critical().id());
  }

  @Test
  void pagingLinksKeepTheFilters() {
    HttpResponse<String> r = http.get("/incidents?tenant=shop-paged&status=new", "Cookie", admin);

    assertThat(r.body()).contains("/incidents?status=new&amp;tenant=shop-paged&amp;page=2");
  }

  @Test
  void theApiFiltersIncidentsBySeverity() {
    String token = http.token("admin", ServerFixture.ADMIN_PASSWORD);

    var items =
        TestHttp.json(
                http.get("/api/v1/incidents?severity=critical", "Authorization", "Bearer " + token))
            .get("items");

    assertThat(items.findValuesAsText("severity")).isNotEmpty().containsOnly("critical");
  }

  @Test
  void theApiRefusesAnUnknownSeverity() {
    String token = http.token("admin", ServerFixture.ADMIN_PASSWORD);

    HttpResponse<String> r =
        http.get("/api/v1/incidents?severity=urgent", "Authorization", "Bearer " + token);

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void theSourceAddressFilterNarrowsTheAlertList() {
    HttpResponse<String> r = http.get("/alerts?source_ip=203.0.113.77&lang=en", "Cookie", admin);

    assertThat(r.body()).contains("1 alerts").contains("203.0.113.77");
  }

  @Test
  void observablesPivotToThisConsolesEventSearch() {
    HttpResponse<String> r = http.get("/incidents/" + critical().id(), "Cookie", admin);

    assertThat(r.body()).contains("href=\"/events?q=source.ip%3A%22203.0.113.77%22\"");
  }

  @Test
  void observablesPivotToTheIncidentsHoldingThem() {
    HttpResponse<String> r = http.get("/incidents/" + critical().id(), "Cookie", admin);

    assertThat(r.body()).contains("href=\"/incidents?observable=ip%3A203.0.113.77\"");
  }

  @Test
  void theIncidentListFindsIncidentsByObservable() {
    HttpResponse<String> r = http.get("/incidents?observable=ip%3A203.0.113.77", "Cookie", admin);

    assertThat(r.body()).contains("/incidents/" + critical().id()).doesNotContain(paged);
  }

  @Test
  void anAttackersUrlIsNeverALink() {
    String id = incidentWithUrl(EVIL_URL);

    HttpResponse<String> r = http.get("/incidents/" + id, "Cookie", admin);

    assertThat(r.body()).contains(EVIL_URL).doesNotContain("href=\"" + EVIL_URL);
  }

  @Test
  void theConfirmationPageCarriesTheSessionsFormToken() {
    String csrf = ConsoleTest.hidden(http.get("/dashboard", "Cookie", admin).body());

    HttpResponse<String> r =
        http.get(
            "/incidents/" + critical().id() + "/respond?type=ip&value=203.0.113.77",
            "Cookie",
            admin);

    assertThat(r.body())
        .contains("action=\"/incidents/" + critical().id() + "/actions\"")
        .contains("name=\"csrf\" value=\"" + csrf + "\"");
  }

  @Test
  void anActionPostedWithoutTheFormTokenIsRefused() {
    HttpResponse<String> r =
        http.postForm(
            "/incidents/" + critical().id() + "/actions",
            "action=block-nginx&type=ip&value=203.0.113.77",
            "Cookie",
            admin);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aConfirmedDryRunLandsOnTheTimeline() {
    String id = critical().id();
    String csrf =
        ConsoleTest.hidden(
            http.get("/incidents/" + id + "/respond?type=ip&value=198.51.100.99", "Cookie", admin)
                .body());

    HttpResponse<String> r =
        http.postForm(
            "/incidents/" + id + "/actions",
            "csrf=" + csrf + "&action=block-nginx&type=ip&value=198.51.100.99&dry_run=1",
            "Cookie",
            admin);

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(rt.store().incidents().get(TenantScope.allTenants(), id).orElseThrow().timeline())
        .anyMatch(e -> e.text().contains("198.51.100.99"));
  }

  @Test
  void aCustomerCannotOpenTheConfirmationPage() {
    String own = IncidentApiTestSupport.incidentOf(rt, "shop-b");

    HttpResponse<String> r =
        http.get("/incidents/" + own + "/respond?type=ip&value=203.0.113.9", "Cookie", bob);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void theAcknowledgeButtonIsTheLargeOne() {
    HttpResponse<String> r =
        http.get("/incidents/" + IncidentApiTestSupport.incidentOf(rt, "shop-b"), "Cookie", bob);

    assertThat(r.body())
        .containsPattern(
            "action=\"/incidents/[^\"]+/ack\">\\s*<input[^>]+>\\s*<button type=\"submit\" class=\"big\"");
  }

  @Test
  void datesAreShownInJstToJapaneseReaders() {
    Incident i = critical();
    String jst =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Tokyo"))
            .format(i.firstSeen());

    HttpResponse<String> r = http.get("/incidents/" + i.id() + "?lang=ja", "Cookie", admin);

    assertThat(r.body()).contains(jst + " JST");
  }

  @Test
  void theTimeZoneChosenInTheQueryIsRemembered() {
    HttpResponse<String> r = http.get("/incidents?lang=ja&tz=UTC", "Cookie", admin);

    assertThat(ConsoleTest.cookie(r, "mm_tz")).isEqualTo("UTC");
  }

  @Test
  void theEventSearchShowsInvisibleCharactersAsMarkers() {
    HttpResponse<String> r = http.get("/events?q=source.ip%3A192.0.2.99", "Cookie", admin);

    assertThat(r.body()).contains("adm<span class=\"invisible\">⟦U+200B⟧</span>in");
  }

  @Test
  void theEventSearchShowsBidiOverridesAsMarkers() {
    HttpResponse<String> r = http.get("/events?q=source.ip%3A192.0.2.99", "Cookie", admin);

    assertThat(r.body()).contains("⟦U+202E⟧").doesNotContain("\u202E");
  }

  @Test
  void theEventSearchShowsACustomerNoOtherTenantsEvents() {
    HttpResponse<String> r = http.get("/events?q=source.ip%3A192.0.2.99", "Cookie", bob);

    assertThat(r.body()).doesNotContain("/search?q=adm");
  }

  @Test
  void anInvalidEventQueryIsExplained() {
    HttpResponse<String> r = http.get("/events?q=%28unbalanced&lang=en", "Cookie", admin);

    assertThat(r.body()).contains("The query is not valid.");
  }

  @Test
  void aCustomerIsNotLinkedToTheAdministration() {
    HttpResponse<String> r = http.get("/dashboard", "Cookie", bob);

    assertThat(r.body()).contains("href=\"/incidents\"").doesNotContain("href=\"/users\"");
  }

  @Test
  void anAdminIsLinkedToTheAdministration() {
    HttpResponse<String> r = http.get("/dashboard", "Cookie", admin);

    assertThat(r.body()).contains("href=\"/users\"").contains("href=\"/audit\"");
  }

  @Test
  void noPageCarriesInlineStyleOrScript() {
    for (String page : List.of("/dashboard", "/alerts", "/events", "/incidents")) {
      assertThat(http.get(page, "Cookie", admin).body())
          .as(page)
          .doesNotContain("style=")
          .doesNotContain("<script");
    }
  }
}
