package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in behaviour rules end to end: log lines as the shop writes them, through the parser
 * and every built-in rule, each scenario answered by its own rule alone.
 */
class BehaviourRulesTest {
  static final Set<String> BEHAVIOUR_RULES =
      Set.of(
          "mm-web-login-distributed",
          "mm-auth-account-bruteforce",
          "mm-web-basic-auth-account-bruteforce",
          "mm-web-flood",
          "mm-web-ddos-surge",
          "mm-web-card-testing",
          "mm-web-card-testing-shop",
          "mm-eccube-card-testing",
          "mm-eccube-card-testing-shop");

  private static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Safari/537.36";

  /** Alerts of the built-in rules over lines of one format. */
  static List<Alert> detect(String format, List<String> lines) {
    Detector d = new Detector(new RuleLoader().loadBuiltin());
    var parser = Parsers.forFormat(format);
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      ParseResult r =
          parser.parse(lines.get(i), new LineContext("acme", "shop", "shop.log", i * 200L, i + 1));
      assertThat(r).as("line %d parses", i + 1).isInstanceOf(ParseResult.Parsed.class);
      out.addAll(d.process(((ParseResult.Parsed) r).event()));
    }
    return out;
  }

  /** A combined-format access line at 10:MM:SS on 21 Nov 2026 (second counted from 10:00:00). */
  static String access(
      String ip, @Nullable String user, String method, String path, int status, int second) {
    return String.format(
        "%s - %s [21/Nov/2026:%02d:%02d:%02d +0900] \"%s %s HTTP/1.1\" %d 512 \"-\" \"%s\"",
        ip,
        user == null ? "-" : user,
        10 + second / 3600,
        second / 60 % 60,
        second % 60,
        method,
        path,
        status,
        BROWSER);
  }

  static String ip(int n) {
    return "198.51." + (n / 250) + "." + (n % 250 + 1);
  }

  static String sshFailure(String user, String ip, int second) {
    return String.format(
        "<38>1 2026-11-21T01:%02d:%02dZ shop sshd 4242 - - Failed password for %s from %s port 5%04d ssh2",
        second / 60, second % 60, user, ip, second);
  }

  /** An EC-CUBE 4 front.log line of ShoppingController, from {@code ip}, at 10:00 plus seconds. */
  static String eccube(String ip, String route, String message, int second) {
    return String.format(
        "[2026-11-21 10:%02d:%02d] front.INFO [5e2a9c1f] [4b1d0a7] [N/A]"
            + " [Eccube\\Controller\\ShoppingController:%s:341] - %s [] [POST, /shopping/%s, %s,"
            + " https://shop.example/shopping, %s]",
        second / 60, second % 60, route, message, route, ip, BROWSER);
  }

  /** EC-CUBE 4.0's LogListener lines for one login POST: five lines, one request. */
  static List<String> eccubeLogin(String ip, int second) {
    List<String> out = new ArrayList<>();
    for (String m : List.of("INIT", "PROCESS START", "LOGIC START", "LOGIC END", "PROCESS END")) {
      out.add(
          String.format(
              "[2026-11-21 10:%02d:%02d] front.INFO [5e2a9c1f] [4b1d0a7] [N/A]"
                  + " [Eccube\\Log\\Logger:log:66] - %s [\"mypage_login\"] [POST, /mypage/login, %s,"
                  + " https://shop.example/mypage/login, %s]",
              second / 60, second % 60, m, ip, BROWSER));
    }
    return out;
  }

  static List<String> repeat(int n, java.util.function.IntFunction<String> line) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(line.apply(i));
    }
    return out;
  }

  static List<String> refusedCardPayments(int addresses, int attemptsEach) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < attemptsEach; k++) {
      for (int a = 0; a < addresses; a++) {
        int s = 20 * (k * addresses + a);
        out.add(eccube(ip(a), "confirm", "[注文確認] PaymentMethod::verifyを実行します.", s));
        out.add(
            eccube(ip(a), "confirm", "[注文確認] PaymentMethod::verifyのエラーのため, 注文手続き画面へ遷移します.", s + 1));
      }
    }
    return out;
  }

  static List<String> surgeAfterAnOrdinaryHour() {
    List<String> out = new ArrayList<>();
    for (int m = 0; m < 90; m++) {
      for (int i = 0; i < 20; i++) {
        out.add(access(ip(i), null, "GET", "/products/list", 200, 60 * m + 2 * i));
      }
    }
    for (int i = 0; i < 300; i++) {
      out.add(access(ip(1000 + i), null, "GET", "/", 200, 60 * 90 + i / 6));
    }
    return out;
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "twenty addresses each try one customer login",
            "combined",
            repeat(20, i -> access(ip(i), null, "POST", "/mypage/login", 302, 5 * i)),
            "mm-web-login-distributed"),
        Arguments.of(
            "twenty addresses each try one WordPress login",
            "combined",
            repeat(20, i -> access(ip(i), null, "POST", "/wp-login.php", 200, 5 * i)),
            "mm-web-login-distributed"),
        Arguments.of(
            "ten addresses each guess root's SSH password once",
            "syslog",
            repeat(10, i -> sshFailure("root", ip(i), 30 * i)),
            "mm-auth-account-bruteforce"),
        Arguments.of(
            "one user's basic-auth password refused ten times",
            "combined",
            repeat(10, i -> access("203.0.113.13", "admin", "GET", "/admin/", 401, 10 * i)),
            "mm-web-basic-auth-account-bruteforce"),
        Arguments.of(
            "three hundred requests from one address in ten seconds",
            "combined",
            repeat(300, i -> access("203.0.113.66", null, "GET", "/products/list", 200, i / 30)),
            "mm-web-flood"),
        Arguments.of(
            "three hundred new addresses in a minute after an ordinary hour and a half",
            "combined",
            surgeAfterAnOrdinaryHour(),
            "mm-web-ddos-surge"),
        Arguments.of(
            "ten order confirmations from one address in ten minutes",
            "combined",
            repeat(10, i -> access("203.0.113.9", null, "POST", "/shopping/confirm", 302, 50 * i)),
            "mm-web-card-testing"),
        Arguments.of(
            "twenty checkouts from twenty addresses and no completed order",
            "combined",
            repeat(20, i -> access(ip(i), null, "POST", "/shopping/checkout", 302, 20 * i)),
            "mm-web-card-testing-shop"),
        Arguments.of(
            "five refused card payments from one address in EC-CUBE's log",
            "eccube",
            refusedCardPayments(1, 5),
            "mm-eccube-card-testing"),
        Arguments.of(
            "twenty refused card payments from twenty addresses in EC-CUBE's log",
            "eccube",
            refusedCardPayments(20, 1),
            "mm-eccube-card-testing-shop"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void answersEachScenarioWithItsRuleAlone(
      String scenario, String format, List<String> lines, String ruleId) {
    assertThat(detect(format, lines)).extracting(Alert::ruleId).containsExactly(ruleId);
  }

  static Stream<Arguments> ordinaryTraffic() {
    return Stream.of(
        Arguments.of(
            "customers logging in one by one through the afternoon",
            "combined",
            repeat(100, i -> access(ip(i), null, "POST", "/mypage/login", 302, 120 * i))),
        Arguments.of(
            "twenty checkouts each followed by the order-complete page",
            "combined",
            repeat(
                40,
                i ->
                    i % 2 == 0
                        ? access(ip(i / 2), null, "POST", "/shopping/checkout", 302, 20 * i)
                        : access(ip(i / 2), null, "GET", "/shopping/complete", 200, 20 * i - 19))),
        Arguments.of(
            "a browser loading a page with sixty images, five times",
            "combined",
            repeat(
                300,
                i ->
                    access(
                        "203.0.113.7",
                        null,
                        "GET",
                        "/upload/save_image/" + i + ".jpg",
                        200,
                        12 * (i / 60) + i % 60 / 30))),
        Arguments.of(
            "EC-CUBE's own log of three logins from one address, five lines each",
            "eccube",
            Stream.of(0, 10, 20).flatMap(s -> eccubeLogin("203.0.113.9", s).stream()).toList()),
        Arguments.of(
            "a customer whose card is refused twice before it goes through",
            "eccube",
            List.of(
                eccube("203.0.113.9", "confirm", "[注文確認] PaymentMethod::verifyを実行します.", 0),
                eccube(
                    "203.0.113.9",
                    "confirm",
                    "[注文確認] PaymentMethod::verifyのエラーのため, 注文手続き画面へ遷移します.",
                    1),
                eccube("203.0.113.9", "confirm", "[注文確認] PaymentMethod::verifyを実行します.", 60),
                eccube(
                    "203.0.113.9",
                    "confirm",
                    "[注文確認] PaymentMethod::verifyのエラーのため, 注文手続き画面へ遷移します.",
                    61),
                eccube("203.0.113.9", "confirm", "[注文確認] PaymentMethod::verifyを実行します.", 120),
                eccube("203.0.113.9", "checkout", "[注文処理] PaymentMethod::checkoutを実行します.", 180),
                eccube("203.0.113.9", "checkout", "[注文処理] 注文処理が完了しました. 購入完了画面へ遷移します.", 181))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ordinaryTraffic")
  void staysQuietOnOrdinaryTraffic(String scenario, String format, List<String> lines) {
    assertThat(detect(format, lines)).isEmpty();
  }

  @Test
  void staysQuietOnTheRealTrafficOfTheElasticExamples() throws IOException {
    Path log = corpus("httplogs/elastic-examples/Common Data Formats/apache_logs/apache_logs");
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);

    assertThat(detect("combined", lines))
        .extracting(Alert::ruleId)
        .filteredOn(BEHAVIOUR_RULES::contains)
        .isEmpty();
  }

  /** A file of the shared corpus; the test is skipped where the corpus is not on the machine. */
  private static Path corpus(String relative) {
    Path root = findCorpus();
    Assumptions.assumeTrue(root != null, "shared/corpus is not on this machine");
    Path p = root.resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), relative + " is not in the corpus");
    return p;
  }

  private static @Nullable Path findCorpus() {
    String configured = System.getProperty("mimamori.corpus", System.getenv("MIMAMORI_CORPUS"));
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
