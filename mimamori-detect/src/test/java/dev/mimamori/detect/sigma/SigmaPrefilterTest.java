package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prefilter only saves work: over the demo log and thousands of events built from the corpus
 * rules' own literals (as written, upper-cased, percent-encoded), the prefiltered rule set fires
 * exactly as evaluating every rule on every event does.
 */
class SigmaPrefilterTest {
  private static SigmaRuleSet prefiltered;
  private static SigmaRuleSet everyRule;
  private static final List<Event> events = new ArrayList<>();

  @BeforeAll
  static void buildTheEvents() {
    prefiltered = SigmaCorpusTest.corpus();
    everyRule = prefiltered.withoutPrefilter();
    List<Event> demo = DemoEvents.load();
    events.addAll(demo);
    int k = 0;
    for (SigmaRule r : prefiltered.rules()) {
      List<List<FieldLiteral>> need = r.requirement();
      if (need == null) {
        continue;
      }
      for (FieldLiteral l : need.stream().flatMap(List::stream).toList()) {
        String lit = l.literal();
        if (NUMBERS.contains(l.field())) {
          if (lit.chars().allMatch(Character::isDigit)) {
            events.add(with(l.field(), lit, "GET", "200"));
            events.add(with(l.field(), lit, "POST", "200"));
          }
          continue;
        }
        events.add(with(l.field(), lit, "GET", "200"));
        events.add(with(l.field(), lit, "POST", "200"));
        events.add(with(l.field(), lit.toUpperCase(Locale.ROOT), "GET", "404"));
        events.add(with(l.field(), encode(lit), "POST", "500"));
        events.add(inject(demo.get(k++ % demo.size()), lit));
      }
    }
  }

  /** Fields an event holds as numbers: only a literal of digits can be put in them. */
  private static final Set<String> NUMBERS =
      Set.of("http.response.status_code", "http.response.body.bytes");

  private static Event with(String field, String lit, String method, String status) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("http.request.method", method);
    f.put("http.response.status_code", status);
    f.put("user_agent.original", Events.BROWSER);
    f.put("source.ip", "203.0.113.50");
    String url = "/index.php?a=1";
    switch (field) {
      case "url.query" -> url = "/index.php?a=" + lit;
      case "url.path", "url.original" -> url = lit.startsWith("/") ? lit : "/" + lit;
      case "event.original" -> url = "/" + lit;
      case "user_agent.original" -> f.put(field, lit);
      default -> f.put(field, lit);
    }
    f.put("url.original", url);
    f.put(
        "event.original",
        "203.0.113.50 - - \""
            + method
            + " "
            + url
            + " HTTP/1.1\" "
            + status
            + " 10 \"-\" \""
            + f.get("user_agent.original")
            + "\"");
    return Events.fromFields(f);
  }

  private static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(
          c < 128 && Character.isLetterOrDigit(c)
              ? "%" + Integer.toHexString(c)
              : String.valueOf(c));
    }
    return sb.toString();
  }

  /** A demo event with the literal added to its query. */
  private static Event inject(Event base, String lit) {
    String q = (base.urlQuery() == null ? "" : base.urlQuery() + "&") + "x=" + lit;
    return new Event(
        base.timestamp(),
        base.originalOffset(),
        base.tenant(),
        base.asset(),
        base.dataset(),
        base.original() + " " + lit,
        base.sourceIp(),
        base.method(),
        base.urlPath() + "?" + q,
        base.urlPath(),
        q,
        base.statusCode(),
        base.responseBytes(),
        base.referrer(),
        base.userAgent(),
        base.userName(),
        base.logFilePath(),
        base.logOffset(),
        base.lineNumber(),
        base.extra());
  }

  private static List<String> ids(List<Firing> fs) {
    return fs.stream().map(f -> f.meta().id()).toList();
  }

  @Test
  void comparesThousandsOfEvents() {
    assertThat(events).hasSizeGreaterThan(3_000);
  }

  @Test
  void firesExactlyAsEvaluatingEveryRule() {
    List<String> differences = new ArrayList<>();
    for (Event e : events) {
      List<String> a = ids(prefiltered.evaluate(new EventView(e)));
      List<String> b = ids(everyRule.evaluate(new EventView(e)));
      if (!a.equals(b)) {
        differences.add(e.urlOriginal() + " prefiltered " + a + " every rule " + b);
      }
    }

    assertThat(differences).isEmpty();
  }

  @Test
  void theComparisonCoversManyRules() {
    Set<String> fired = new HashSet<>();
    SigmaRuleSet set = prefiltered.withoutPrefilter();
    for (Event e : events) {
      fired.addAll(ids(set.evaluate(new EventView(e))));
    }

    assertThat(fired).hasSizeGreaterThan(60);
  }
}
