package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Correlation rules: types, timespans in event time, group-by, conditions, chains, bounds. */
class SigmaCorrelationTest {
  private static final String PROBE =
      """
      title: Admin probe
      name: admin_probe
      id: aaaaaaaa-0000-4000-8000-000000000001
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-stem|startswith: /admin
          condition: selection
      """;
  private static final String LOGIN =
      """
      title: Login page
      name: login_page
      id: aaaaaaaa-0000-4000-8000-000000000002
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-stem: /login
          condition: selection
      """;
  private static final String ADMIN_POST =
      """
      title: Admin change
      name: admin_post
      id: aaaaaaaa-0000-4000-8000-000000000003
      logsource: {category: webserver}
      detection:
          selection:
              cs-method: POST
              cs-uri-stem|startswith: /admin
          condition: selection
      """;

  private static Event at(String ip, long seconds, String method, String path) {
    return Events.request(method, path)
        .sourceIp(ip)
        .timestamp(Events.T0.plusSeconds(seconds))
        .build();
  }

  private static Event probe(String ip, long seconds) {
    return at(ip, seconds, "GET", "/admin/x" + seconds);
  }

  private static SigmaRuleSet rules(SigmaOptions options, String... docs) {
    SigmaLoad load = new SigmaLoader(options).load("corr.yml", String.join("---\n", docs));
    assertThat(load.errors()).isEmpty();
    return load.ruleSet();
  }

  private static SigmaRuleSet rules(String... docs) {
    return rules(SigmaOptions.defaults(), docs);
  }

  /** Every firing's rule id, over the events in order. */
  private static List<String> fired(SigmaRuleSet set, Event... events) {
    List<String> ids = new ArrayList<>();
    for (Event e : events) {
      set.evaluate(new EventView(e)).forEach(f -> ids.add(f.meta().id()));
    }
    return ids;
  }

  private static List<Firing> firings(SigmaRuleSet set, Event... events) {
    List<Firing> out = new ArrayList<>();
    for (Event e : events) {
      out.addAll(set.evaluate(new EventView(e)));
    }
    return out;
  }

  private static String eventCount(String condition, String timespan) {
    return """
        title: Admin probing
        id: cccccccc-0000-4000-8000-000000000001
        level: high
        correlation:
            type: event_count
            rules:
                - admin_probe
            group-by:
                - c-ip
            timespan: %s
            condition:
                %s
        """
        .formatted(timespan, condition);
  }

  @Test
  void firesTheSameOverABatchAsEventByEvent() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String ip = "a" + (i % 3);
      events.add(i % 5 == 0 ? at(ip, i * 7L, "POST", "/admin/save") : probe(ip, i * 7L));
    }
    String chain =
        """
        title: Probe then change
        id: cccccccc-0000-4000-8000-000000000009
        level: high
        correlation:
            type: temporal_ordered
            rules:
                - admin_probe
                - admin_post
            group-by:
                - c-ip
            timespan: 1m
        """;
    SigmaRuleSet one = rules(PROBE, ADMIN_POST, eventCount("gte: 3", "1m"), chain);
    SigmaRuleSet other = rules(PROBE, ADMIN_POST, eventCount("gte: 3", "1m"), chain);
    List<String> byEvent = new ArrayList<>();
    for (Event e : events) {
      one.evaluate(new EventView(e))
          .forEach(f -> byEvent.add(f.meta().id() + " " + f.trigger().timestamp()));
    }
    List<String> byBatch = new ArrayList<>();
    for (int from = 0; from < events.size(); from += 37) {
      int n = Math.min(37, events.size() - from);
      EventView[] views = new EventView[n];
      for (int i = 0; i < n; i++) {
        views[i] = new EventView(events.get(from + i));
      }
      @SuppressWarnings("unchecked")
      List<Firing>[] firings = (List<Firing>[]) new List<?>[n];
      other.evaluate(views, n, firings);
      for (List<Firing> f : firings) {
        f.forEach(x -> byBatch.add(x.meta().id() + " " + x.trigger().timestamp()));
      }
    }

    assertThat(byEvent).hasSizeGreaterThan(10);
    assertThat(byBatch).isEqualTo(byEvent);
  }

  @Test
  void eventCountFiresWhenTheCountIsReachedWithinTheTimespan() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 3", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 10), probe("a", 20)))
        .containsExactly("cccccccc-0000-4000-8000-000000000001");
  }

  @Test
  void eventCountDoesNotFireWhenTheEventsAreFurtherApartThanTheTimespan() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 3", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 40), probe("a", 80))).isEmpty();
  }

  @Test
  void eventCountCountsEachGroupSeparately() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 3", "1m"));

    assertThat(fired(set, probe("a", 0), probe("b", 1), probe("a", 2), probe("b", 3))).isEmpty();
  }

  @Test
  void eventCountWithGtNeedsOneMore() {
    SigmaRuleSet set = rules(PROBE, eventCount("gt: 2", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 1), probe("a", 2))).hasSize(1);
  }

  @Test
  void eventCountStartsAfreshAfterFiring() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 2", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 1), probe("a", 2))).hasSize(1);
  }

  @Test
  void aCorrelatedAlertReportsEveryEventThatMadeItUp() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 3", "1m"));
    Event[] events = {probe("a", 0), probe("a", 10), probe("a", 20)};

    List<Firing> f = firings(set, events);

    assertThat(f).singleElement().satisfies(x -> assertThat(x.evidence()).containsExactly(events));
  }

  @Test
  void theEvidenceIsBoundedAtTheConfiguredMaximum() {
    SigmaRuleSet set =
        rules(
            SigmaOptions.defaults().withLimits(50_000, 200_000, 5),
            PROBE,
            eventCount("gte: 20", "1h"));
    Event[] events = new Event[20];
    for (int i = 0; i < 20; i++) {
      events[i] = probe("a", i);
    }

    List<Firing> f = firings(set, events);

    assertThat(f.get(0).evidence())
        .containsExactly(List.of(events).subList(15, 20).toArray(new Event[0]));
  }

  @Test
  void theReferencedRuleDoesNotAlertOnItsOwn() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 3", "1m"));

    assertThat(fired(set, probe("a", 0))).isEmpty();
  }

  @Test
  void generateLetsTheReferencedRuleAlertToo() {
    SigmaRuleSet set =
        rules(
            PROBE,
            eventCount("gte: 3", "1m")
                .replace("    type: event_count", "    type: event_count\n    generate: true"));

    assertThat(fired(set, probe("a", 0))).containsExactly("aaaaaaaa-0000-4000-8000-000000000001");
  }

  @Test
  void aCorrelationMayReferToARuleById() {
    SigmaRuleSet set =
        rules(
            PROBE,
            eventCount("gte: 2", "1m")
                .replace("- admin_probe", "- aaaaaaaa-0000-4000-8000-000000000001"));

    assertThat(fired(set, probe("a", 0), probe("a", 1))).hasSize(1);
  }

  @Test
  void valueCountCountsDistinctValues() {
    SigmaRuleSet set =
        rules(
            PROBE,
            """
            title: Admin path enumeration
            correlation:
                type: value_count
                rules: [admin_probe]
                group-by: [c-ip]
                timespan: 5m
                condition:
                    field: cs-uri-stem
                    gte: 3
            """);

    assertThat(fired(set, probe("a", 1), probe("a", 2), probe("a", 3))).hasSize(1);
  }

  @Test
  void valueCountDoesNotCountTheSameValueTwice() {
    SigmaRuleSet set =
        rules(
            PROBE,
            """
            title: Admin path enumeration
            correlation:
                type: value_count
                rules: [admin_probe]
                group-by: [c-ip]
                timespan: 5m
                condition:
                    field: cs-uri-stem
                    gte: 3
            """);

    assertThat(
            fired(
                set,
                at("a", 1, "GET", "/admin/x"),
                at("a", 2, "GET", "/admin/x"),
                at("a", 3, "GET", "/admin/y")))
        .isEmpty();
  }

  private static final String TEMPORAL =
      """
      title: Login page then admin change
      id: cccccccc-0000-4000-8000-000000000002
      correlation:
          type: %s
          rules:
              - login_page
              - admin_post
          group-by:
              - c-ip
          timespan: 5m
      """;

  @Test
  void temporalFiresWhenEveryRuleMatchedInAnyOrder() {
    SigmaRuleSet set = rules(LOGIN, ADMIN_POST, TEMPORAL.formatted("temporal"));

    assertThat(fired(set, at("a", 0, "POST", "/admin/p"), at("a", 30, "GET", "/login")))
        .containsExactly("cccccccc-0000-4000-8000-000000000002");
  }

  @Test
  void temporalNeedsTheSameGroup() {
    SigmaRuleSet set = rules(LOGIN, ADMIN_POST, TEMPORAL.formatted("temporal"));

    assertThat(fired(set, at("a", 0, "POST", "/admin/p"), at("b", 30, "GET", "/login"))).isEmpty();
  }

  @Test
  void temporalOrderedFiresWhenTheRulesMatchedInOrder() {
    SigmaRuleSet set = rules(LOGIN, ADMIN_POST, TEMPORAL.formatted("temporal_ordered"));

    assertThat(fired(set, at("a", 0, "GET", "/login"), at("a", 30, "POST", "/admin/p")))
        .containsExactly("cccccccc-0000-4000-8000-000000000002");
  }

  @Test
  void temporalOrderedDoesNotFireOutOfOrder() {
    SigmaRuleSet set = rules(LOGIN, ADMIN_POST, TEMPORAL.formatted("temporal_ordered"));

    assertThat(fired(set, at("a", 0, "POST", "/admin/p"), at("a", 30, "GET", "/login"))).isEmpty();
  }

  @Test
  void temporalOrderedDoesNotFireBeyondTheTimespan() {
    SigmaRuleSet set = rules(LOGIN, ADMIN_POST, TEMPORAL.formatted("temporal_ordered"));

    assertThat(fired(set, at("a", 0, "GET", "/login"), at("a", 400, "POST", "/admin/p"))).isEmpty();
  }

  @Test
  void anUpperBoundFiresWhenTheWindowCloses() {
    SigmaRuleSet set = rules(PROBE, eventCount("lt: 3", "1m"));

    List<Firing> f =
        firings(set, probe("a", 0), probe("a", 10), at("z", 120, "GET", "/index.html"));

    assertThat(f)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.evidence()).hasSize(2);
              assertThat(x.trigger().timestamp()).isEqualTo(Events.T0.plusSeconds(10));
            });
  }

  @Test
  void anUpperBoundDoesNotFireWhileTheWindowIsOpen() {
    SigmaRuleSet set = rules(PROBE, eventCount("lt: 3", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 10))).isEmpty();
  }

  @Test
  void anUpperBoundDoesNotFireWhenTheCountExceedsIt() {
    SigmaRuleSet set = rules(PROBE, eventCount("lt: 3", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 1), probe("a", 2), at("z", 120, "GET", "/")))
        .isEmpty();
  }

  @Test
  void aRangeConditionFiresInsideTheRange() {
    SigmaRuleSet set = rules(PROBE, eventCount("gt: 1\n        lte: 3", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 1), at("z", 120, "GET", "/"))).hasSize(1);
  }

  @Test
  void anEqConditionFiresOnTheExactCount() {
    SigmaRuleSet set = rules(PROBE, eventCount("eq: 2", "1m"));

    assertThat(fired(set, probe("a", 0), probe("a", 1), at("z", 120, "GET", "/"))).hasSize(1);
  }

  @Test
  void correlationsChain() {
    SigmaRuleSet set =
        rules(
            PROBE,
            ADMIN_POST,
            """
            title: Probing
            name: many_probes
            correlation:
                type: event_count
                rules: [admin_probe]
                group-by: [c-ip]
                timespan: 5m
                condition: {gte: 2}
            """,
            """
            title: Probing then an admin change
            id: cccccccc-0000-4000-8000-000000000003
            correlation:
                type: temporal_ordered
                rules: [many_probes, admin_post]
                group-by: [c-ip]
                timespan: 10m
            """);

    assertThat(fired(set, probe("a", 0), probe("a", 1), at("a", 60, "POST", "/admin/save")))
        .containsExactly("cccccccc-0000-4000-8000-000000000003");
  }

  @Test
  void aliasesGroupDifferentFieldsOfDifferentRules() {
    SigmaRuleSet set =
        rules(
            """
            title: Beacon out
            name: beacon
            logsource: {category: proxy}
            detection:
                selection:
                    c-uri|contains: /beacon
                condition: selection
            """,
            """
            title: Upload in
            name: upload
            logsource: {category: webserver}
            detection:
                selection:
                    cs-uri-stem: /upload
                condition: selection
            """,
            """
            title: Same host uploads and beacons
            id: cccccccc-0000-4000-8000-000000000004
            correlation:
                type: temporal
                rules: [upload, beacon]
                group-by: [host_ip]
                timespan: 5m
                aliases:
                    host_ip:
                        upload: dst_ip
                        beacon: c-ip
            """);
    Event upload = Events.request("POST", "/upload").extra("destination.ip", "10.0.0.5").build();
    Event beacon = at("10.0.0.5", 30, "GET", "/beacon?id=1");

    assertThat(fired(set, upload, beacon)).containsExactly("cccccccc-0000-4000-8000-000000000004");
  }

  @Test
  void groupsNeverMixTenants() {
    SigmaRuleSet set = rules(PROBE, eventCount("gte: 2", "1m"));
    Event other = Events.request("GET", "/admin/y").tenant("other").build();

    assertThat(fired(set, probe("203.0.113.7", 0), other)).isEmpty();
  }

  @Test
  void aMillionDistinctGroupKeysStayWithinTheGroupLimit() {
    SigmaOptions options = SigmaOptions.defaults().withLimits(10_000, 50_000, 1_000);
    SigmaLoad load =
        new SigmaLoader(options).load("corr.yml", PROBE + "---\n" + eventCount("gte: 2", "1h"));
    SigmaRuleSet set = load.ruleSet();
    Event.Builder b = Events.request("GET", "/admin/x");

    for (int i = 0; i < 1_000_000; i++) {
      set.evaluate(new EventView(b.sourceIp("k" + i).build()));
    }

    Correlator c = correlatorOf(set);
    assertThat(c.groupCount()).isEqualTo(10_000);
  }

  private static Correlator correlatorOf(SigmaRuleSet set) {
    try {
      java.lang.reflect.Field f = SigmaRuleSet.class.getDeclaredField("correlators");
      f.setAccessible(true);
      return ((Correlator[]) f.get(set))[0];
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
