package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class IndexedRuleSetTest {

  /** A rule that needs a value (or sits behind a gate) and notes every event it is asked about. */
  private static final class Needing implements CompiledRule {
    final RuleMeta meta;
    final @Nullable Requirement needs;
    final @Nullable Gate gate;
    final List<Event> asked = new ArrayList<>();

    Needing(String id, @Nullable Requirement needs) {
      this(id, needs, null);
    }

    Needing(String id, @Nullable Requirement needs, @Nullable Gate gate) {
      this(id, needs, gate, new ArrayList<>());
    }

    /** With {@code log}: the rule's id noted there each time it is asked, shared by rules. */
    Needing(String id, @Nullable Requirement needs, @Nullable Gate gate, List<String> log) {
      this.meta = new RuleMeta(id, id, "test", dev.mimamori.model.Severity.LOW, Duration.ZERO);
      this.needs = needs;
      this.gate = gate;
      this.log = log;
    }

    final List<String> log;

    @Override
    public RuleMeta meta() {
      return meta;
    }

    @Override
    public @Nullable Requirement requiredValue() {
      return needs;
    }

    @Override
    public @Nullable Gate gate() {
      return gate;
    }

    @Override
    public List<Event> evaluate(EventView view) {
      asked.add(view.event());
      log.add(meta.id());
      return needs == null || needs.test(view.raw(needs.field()))
          ? List.of(view.event())
          : List.of();
    }
  }

  private static Event request(String method, int status) {
    return Event.builder()
        .timestamp(Instant.parse("2026-11-21T01:00:00Z"))
        .tenant("t")
        .asset("shop")
        .dataset("nginx.access")
        .original(method + " / " + status)
        .sourceIp("203.0.113.5")
        .method(method)
        .urlPath("/")
        .statusCode(status)
        .build();
  }

  private static final Requirement POST = new Requirement("http.request.method", Set.of("post"));

  @Test
  void skipsARuleForAnEventWithoutTheValueItNeeds() {
    Needing rule = new Needing("r", POST);
    RuleSet.of(List.of(rule)).evaluate(new EventView(request("GET", 200)));
    assertThat(rule.asked).isEmpty();
  }

  @Test
  void asksARuleAboutAnEventWithTheValueInAnyCase() {
    Needing rule = new Needing("r", POST);
    RuleSet set = RuleSet.of(List.of(rule));
    for (String m : List.of("POST", "post", "Post")) {
      set.evaluate(new EventView(request(m, 200)));
    }
    assertThat(rule.asked).hasSize(3);
  }

  @Test
  void answersTheSameValueInstanceAgainAsTheFirstTime() {
    // The parser hands out one "GET" and one "POST" for every line: the last value looked up is
    // remembered by instance, so a run of the same instance, then another, then the first again
    // must each ask exactly the rules their value asks.
    Needing rule = new Needing("r", POST);
    RuleSet set = RuleSet.of(List.of(rule));
    String get = "GET";
    String post = "POST";
    for (String m : List.of(get, get, post, post, get, post, new String("POST"), get)) {
      set.evaluate(new EventView(request(m, 200)));
    }
    assertThat(rule.asked)
        .extracting(Event::method)
        .containsExactly("POST", "POST", "POST", "POST");
  }

  @Test
  void asksNoRuleBehindAGateThatRefusesTheEvent() {
    List<Integer> gateAsked = new ArrayList<>();
    CompiledRule.Gate only404 =
        view -> {
          gateAsked.add(1);
          return "404".equals(view.raw("http.response.status_code"));
        };
    Needing a = new Needing("a", null, only404);
    Needing b = new Needing("b", null, only404);
    Needing open = new Needing("open", null);
    RuleSet set = RuleSet.of(List.of(a, open, b));
    set.evaluate(new EventView(request("GET", 200)));
    set.evaluate(new EventView(request("GET", 404)));
    assertThat(List.of(a.asked.size(), b.asked.size(), open.asked.size(), gateAsked.size()))
        .containsExactly(1, 1, 2, 2);
  }

  @Test
  void asksAGateOnlyAboutAnEventOneOfItsRulesIsAskedAbout() {
    List<Integer> gateAsked = new ArrayList<>();
    CompiledRule.Gate counting =
        view -> {
          gateAsked.add(1);
          return true;
        };
    Needing posts = new Needing("posts", POST, counting);
    RuleSet set = RuleSet.of(List.of(posts));
    set.evaluate(new EventView(request("GET", 200)));
    set.evaluate(new EventView(request("POST", 200)));
    assertThat(List.of(posts.asked.size(), gateAsked.size())).containsExactly(1, 1);
  }

  /** A gate equal to another with the same name and list of calls. */
  private record Named(String name, List<Integer> calls) implements CompiledRule.Gate {
    @Override
    public boolean admits(EventView event) {
      calls.add(1);
      return false;
    }
  }

  @Test
  void asksEqualGatesOnceForAllTheirRules() {
    List<Integer> calls = new ArrayList<>();
    Needing a = new Needing("a", null, new Named("path words", calls));
    Needing b = new Needing("b", null, new Named("path words", calls));
    RuleSet.of(List.of(a, b)).evaluate(new EventView(request("GET", 200)));
    assertThat(List.of(a.asked.size(), b.asked.size(), calls.size())).containsExactly(0, 0, 1);
  }

  @Test
  void asksTheRulesOfEachGateByTheirOwnGate() {
    Needing never = new Needing("never", null, view -> false);
    Needing always = new Needing("always", null, view -> true);
    RuleSet.of(List.of(never, always)).evaluate(new EventView(request("GET", 200)));
    assertThat(List.of(never.asked.size(), always.asked.size())).containsExactly(0, 1);
  }

  @Test
  void asksARuleWithoutARequirementAboutEveryEvent() {
    Needing rule = new Needing("r", null);
    RuleSet set = RuleSet.of(List.of(rule));
    set.evaluate(new EventView(request("GET", 200)));
    set.evaluate(new EventView(request("BREW", 418)));
    assertThat(rule.asked).hasSize(2);
  }

  @Test
  void skipsARuleForAnEventThatLacksTheField() {
    Needing rule = new Needing("r", new Requirement("user.name", Set.of("admin")));
    RuleSet.of(List.of(rule)).evaluate(new EventView(request("POST", 200)));
    assertThat(rule.asked).isEmpty();
  }

  @Test
  void asksEveryRuleWhoseValueTheTextLowerCasesToWhateverItsCase() {
    List<String> texts =
        List.of(
            "ß", "ss", "SS", "ſ", "s", "S", "İ", "i\u0307", "i", "I", "ı", "ǅ", "ǆ", "Ǆ", "ς", "σ",
            "Σ", "ΑΣ", "ας", "ασ", "k", "K", "\u212A", "get", "GET", "Get", "ﬀ", "FF");
    List<Needing> rules = new ArrayList<>();
    for (String v : texts) {
      rules.add(
          new Needing(
              "needs " + v,
              new Requirement(
                  "http.request.method", Set.of(v.toLowerCase(java.util.Locale.ROOT)))));
    }
    RuleSet set = RuleSet.of(List.copyOf(rules));
    List<String> missed = new ArrayList<>();
    for (String text : texts) {
      rules.forEach(r -> r.asked.clear());
      set.evaluate(new EventView(request(text, 200)));
      for (Needing r : rules) {
        if (r.needs != null && r.needs.test(text) && r.asked.isEmpty()) {
          missed.add(text + " -> " + r.meta().id());
        }
      }
    }
    assertThat(missed).isEmpty();
  }

  @Test
  void firesInTheOrderOfTheList() {
    List<CompiledRule> rules = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      Requirement r =
          switch (i % 3) {
            case 0 -> null;
            case 1 -> POST;
            default -> new Requirement("http.response.status_code", Set.of("200"));
          };
      rules.add(new Needing("r" + i, r));
    }
    List<String> fired =
        RuleSet.of(rules).evaluate(new EventView(request("POST", 200))).stream()
            .map(f -> f.meta().id())
            .toList();
    assertThat(fired).hasSize(70).isEqualTo(rules.stream().map(r -> r.meta().id()).toList());
  }

  @Test
  void runsEachRuleOverTheWholeBatchBeforeTheNext() {
    List<String> order = new ArrayList<>();
    Needing a = new Needing("a", null, null, order);
    Needing b = new Needing("b", POST, null, order);
    Event get = request("GET", 200);
    Event post = request("POST", 200);
    Event post2 = request("POST", 404);
    @SuppressWarnings("unchecked")
    List<Firing>[] firings = (List<Firing>[]) new List<?>[3];

    RuleSet.of(List.of(a, b))
        .evaluate(
            new EventView[] {new EventView(get), new EventView(post), new EventView(post2)},
            3,
            firings);

    assertThat(order).containsExactly("a", "a", "a", "b", "b");
    assertThat(a.asked).containsExactly(get, post, post2);
    assertThat(b.asked).containsExactly(post, post2);
    assertThat(firings[0]).extracting(f -> f.meta().id()).containsExactly("a");
    assertThat(firings[2]).extracting(f -> f.meta().id()).containsExactly("a", "b");
  }

  @Test
  void firesInTheOrderOfTheListOverABatch() {
    List<CompiledRule> rules = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      rules.add(new Needing("r" + i, i % 2 == 0 ? null : POST));
    }
    @SuppressWarnings("unchecked")
    List<Firing>[] firings = (List<Firing>[]) new List<?>[2];

    RuleSet.of(rules)
        .evaluate(
            new EventView[] {
              new EventView(request("GET", 200)), new EventView(request("POST", 200))
            },
            2,
            firings);

    assertThat(firings[0]).hasSize(35);
    assertThat(firings[1])
        .extracting(f -> f.meta().id())
        .isEqualTo(rules.stream().map(r -> r.meta().id()).toList());
  }

  @Test
  void requiresOfAFailureRatioRuleAValueOfEitherList() {
    Requirement r =
        Requirement.either(
            List.of(POST), List.of(new Requirement("http.request.method", Set.of("get"))));
    assertThat(r).isNotNull();
    assertThat(r.values()).containsExactlyInAnyOrder("post", "get");
  }

  @Test
  void requiresNothingOfARuleWhoseListsNameNoCommonField() {
    assertThat(
            Requirement.either(
                List.of(POST), List.of(new Requirement("event.dataset", Set.of("eccube.app")))))
        .isNull();
  }

  /** Every built-in rule asked about every event: the detector before the index. */
  private static RuleSet everyRuleOnEveryEvent(List<CompiledRule> rules) {
    return new RuleSet() {
      @Override
      public int size() {
        return rules.size();
      }

      @Override
      public List<Firing> evaluate(EventView event) {
        List<Firing> out = new ArrayList<>();
        for (CompiledRule rule : rules) {
          List<Event> evidence = rule.evaluate(event);
          if (!evidence.isEmpty()) {
            out.add(new Firing(rule.meta(), event.event(), evidence));
          }
        }
        return out;
      }
    };
  }

  private static String describe(Alert a) {
    return a.ruleId()
        + " "
        + a.sourceIp()
        + " "
        + a.evidence().stream().map(EvidenceRef::lineNumber).toList();
  }

  @Test
  void givesTheBuiltInRulesAlertsAsIfEveryRuleSawEveryEvent() throws IOException {
    List<String> lines = new ArrayList<>(mixedTraffic());
    lines.addAll(
        Files.readAllLines(
            Path.of("../mimamori-cli/src/main/resources/demo/eccube-access.log"),
            StandardCharsets.UTF_8));
    Detector indexed = new Detector(new RuleLoader().loadOwnBuiltin());
    Detector plain =
        Detector.ofRuleSets(
            List.of(everyRuleOnEveryEvent(new RuleLoader().loadOwnBuiltin())), null);
    LogParser parser = Parsers.forFormat("auto");
    List<String> fromIndexed = new ArrayList<>();
    List<String> fromPlain = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      ParseResult r = parser.parse(lines.get(i), new LineContext("t", "shop", "x.log", i, i + 1));
      if (r instanceof ParseResult.Parsed p) {
        indexed.process(p.event()).forEach(a -> fromIndexed.add(describe(a)));
        plain.process(p.event()).forEach(a -> fromPlain.add(describe(a)));
      }
    }
    Set<String> rulesFired = new TreeSet<>();
    fromPlain.forEach(d -> rulesFired.add(d.substring(0, d.indexOf(' '))));
    assertThat(rulesFired)
        .contains(
            "mm-web-login-bruteforce",
            "mm-web-404-storm",
            "mm-web-403-storm",
            "mm-ssh-bruteforce",
            "mm-web-login-distributed",
            "mm-web-basic-auth-account-bruteforce",
            "mm-web-card-testing",
            "mm-web-card-testing-shop",
            "mm-eccube-card-testing",
            "mm-web-sql-injection",
            "mm-web-xss-payload");
    assertThat(fromIndexed).isEqualTo(fromPlain);
  }

  /**
   * The built-in rules and the pack over batches of random sizes (rule by rule within a batch)
   * against one event at a time: the same alerts, ids included, in the same order.
   */
  @Test
  void givesTheSameAlertsBatchByBatchAsEventByEvent() throws IOException {
    sameAlertsBatchByBatch(1);
  }

  /** Three loads of the built-in rules in one set: 66 stateful rules, two words of bits. */
  @Test
  void givesTheSameAlertsBatchByBatchOverMoreThan64Rules() throws IOException {
    sameAlertsBatchByBatch(3);
  }

  private void sameAlertsBatchByBatch(int loads) throws IOException {
    List<String> lines = new ArrayList<>(mixedTraffic());
    lines.addAll(
        Files.readAllLines(
            Path.of("../mimamori-cli/src/main/resources/demo/eccube-access.log"),
            StandardCharsets.UTF_8));
    Detector byEvent = builtinAndPack(loads);
    Detector byBatch = builtinAndPack(loads);
    LogParser parser = Parsers.forFormat("auto");
    List<String> fromEvents = new ArrayList<>();
    List<String> fromBatches = new ArrayList<>();
    Random random = new Random(5);
    List<EventView> batch = new ArrayList<>();
    int size = 1;
    for (int i = 0; i < lines.size(); i++) {
      ParseResult r = parser.parse(lines.get(i), new LineContext("t", "shop", "x.log", i, i + 1));
      if (r instanceof ParseResult.Parsed p) {
        byEvent.process(p.event()).forEach(a -> fromEvents.add(a.id() + " " + describe(a)));
        batch.add(new EventView(p.event()));
      }
      if (batch.size() >= size || i == lines.size() - 1) {
        byBatch.process(batch).forEach(a -> fromBatches.add(a.id() + " " + describe(a)));
        batch = new ArrayList<>();
        size = 1 + random.nextInt(600);
      }
    }
    assertThat(fromEvents).hasSizeGreaterThan(100);
    assertThat(fromBatches).isEqualTo(fromEvents);
  }

  /** The built-in rules loaded {@code loads} times into one set, and the pack, fresh. */
  private static Detector builtinAndPack(int loads) {
    RuleLoader loader = new RuleLoader();
    List<CompiledRule> own = loader.loadOwnBuiltin();
    List<CompiledRule> all = new ArrayList<>(own);
    for (int i = 1; i < loads; i++) {
      all.addAll(new RuleLoader().loadOwnBuiltin());
    }
    return Detector.ofRuleSets(List.of(RuleSet.of(all), loader.loadPack(own).ruleSet()), null);
  }

  /**
   * Requests of every method (in every case) and status the built-in rules look for, from a few
   * addresses and users, with ssh and EC-CUBE application lines between them.
   */
  private static List<String> mixedTraffic() {
    Random random = new Random(42);
    String[] methods = {"GET", "GET", "POST", "POST", "post", "Post", "HEAD", "PÖST", "DELETE"};
    String[] paths = {
      "/mypage/login", "/admin/login", "/shopping/checkout", "/shopping/complete",
      "/products/list", "/wp-login.php", "/admin/", "/.env"
    };
    int[] statuses = {200, 200, 302, 401, 403, 404, 500};
    String[] users = {"-", "-", "admin", "user1"};
    List<String> out = new ArrayList<>();
    Instant t = Instant.parse("2026-11-21T01:00:00Z");
    for (int i = 0; i < 20_000; i++) {
      t = t.plusMillis(random.nextInt(100));
      // Most lines from five busy addresses (storms, guessing), the rest from forty others.
      String ip =
          "203.0.113." + (random.nextInt(5) > 0 ? 1 + random.nextInt(5) : 10 + random.nextInt(40));
      String time =
          java.time.format.DateTimeFormatter.ofPattern(
                  "dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
              .format(t.atOffset(java.time.ZoneOffset.UTC));
      int kind = random.nextInt(20);
      if (kind == 0) {
        out.add(
            "<38>1 "
                + t
                + " shop sshd 4242 - - Failed password for root from "
                + ip
                + " port 50022 ssh2");
      } else if (kind == 1) {
        String message =
            random.nextBoolean()
                ? "PaymentMethod::verifyを実行します."
                : "PaymentMethod::verifyのエラーのため, 注文手続き画面へ遷移します.";
        out.add(
            "["
                + t.toString().replace('T', ' ').substring(0, 19)
                + "] front.INFO [5e2a9c1f] [4b1d0a7] [N/A]"
                + " [Eccube\\Controller\\ShoppingController:confirm:341] - [注文確認] "
                + message
                + " [] [POST, /shopping/confirm, "
                + ip
                + ", https://shop.example/shopping, Mozilla/5.0]");
      } else {
        out.add(
            ip
                + " - "
                + users[random.nextInt(users.length)]
                + " ["
                + time
                + "] \""
                + methods[random.nextInt(methods.length)]
                + " "
                + paths[random.nextInt(paths.length)]
                + " HTTP/1.1\" "
                + statuses[random.nextInt(statuses.length)]
                + " 512 \"-\" \"Mozilla/5.0\"");
      }
    }
    return out;
  }
}
