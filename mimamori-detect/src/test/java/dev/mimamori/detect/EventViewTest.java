package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventViewTest {
  static final Event EVENT =
      Event.builder()
          .timestamp(Instant.parse("2026-11-21T10:00:00Z"))
          .tenant("t")
          .asset("shop")
          .dataset("nginx.access")
          .original("line")
          .sourceIp("192.0.2.1")
          .method("GET")
          .urlOriginal("/a%20B?q=%3Cscript%3E")
          .urlPath("/a%20B")
          .urlQuery("q=%3Cscript%3E")
          .userAgent("Mozilla/5.0")
          .referrer("https://shop.example/%41")
          .userName("Alice")
          .logFilePath("/var/log/access.log")
          .build();

  @Test
  void computesAMemoOncePerKey() {
    EventView view = new EventView(EVENT);
    AtomicInteger calls = new AtomicInteger();

    view.memo(EventViewTest.class, e -> calls.incrementAndGet());
    view.memo(EventViewTest.class, e -> calls.incrementAndGet());

    assertThat(calls).hasValue(1);
  }

  @Test
  void keepsTheMemosOfDifferentKeysApart() {
    EventView view = new EventView(EVENT);
    Object a = new Object();
    Object b = new Object();

    view.memo(a, e -> "a");

    assertThat((String) view.memo(b, e -> "b")).isEqualTo("b");
    assertThat((String) view.memo(a, e -> "other")).isEqualTo("a");
  }

  @Test
  void computesANullMemoOnce() {
    EventView view = new EventView(EVENT);
    AtomicInteger calls = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      view.memo(
          EventViewTest.class,
          e -> {
            calls.incrementAndGet();
            return null;
          });
    }

    assertThat(calls).hasValue(1);
  }

  @Test
  void keepsEveryMemoHoweverManyKeys() {
    EventView view = new EventView(EVENT);
    Object[] keys = new Object[20];
    AtomicInteger calls = new AtomicInteger();
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == null) {
          keys[i] = new Object();
        }
        int n = i;
        assertThat((Integer) view.memo(keys[i], e -> n + calls.incrementAndGet() * 0)).isEqualTo(n);
      }
    }
    assertThat(calls).hasValue(keys.length);
  }

  @Test
  void decodesEveryFieldAskedForAgainAlike() {
    EventView view = new EventView(EVENT);
    String[] fields = {
      "url.original",
      "url.path",
      "url.query",
      "user_agent.original",
      "http.request.referrer",
      "user.name",
      "source.ip",
      "http.request.method",
      "nope"
    };
    for (int pass = 0; pass < 2; pass++) {
      for (String f : fields) {
        String raw = EVENT.field(f);
        // a field name equal to the first but not the same string finds the same value
        assertThat(view.decoded(new String(f)))
            .isEqualTo(raw == null ? null : DetectionText.normalize(raw));
      }
    }
  }

  @Test
  void makesAGroupKeyOnceForEveryRuleGroupingByTheSameFields() {
    EventView view = new EventView(EVENT);
    var a = dev.mimamori.detect.behaviour.GroupKey.canonical(java.util.List.of("source.ip"));
    var b =
        dev.mimamori.detect.behaviour.GroupKey.canonical(
            new java.util.ArrayList<>(java.util.List.of("source.ip")));

    assertThat(b).isSameAs(a);
    assertThat(dev.mimamori.detect.behaviour.GroupKey.of(view, b))
        .isSameAs(dev.mimamori.detect.behaviour.GroupKey.of(view, a))
        .isEqualTo("t\u0000shop\u0000192.0.2.1");
  }

  @Test
  void hasNoGroupKeyWhenAFieldIsMissing() {
    EventView view = new EventView(EVENT);
    var fields = dev.mimamori.detect.behaviour.GroupKey.canonical(java.util.List.of("nope"));

    assertThat(dev.mimamori.detect.behaviour.GroupKey.of(view, fields)).isNull();
  }
}
