package dev.mimamori.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.model.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldWordsTest {
  private static final String CHECKOUT = "^(/index\\.php)?/shopping/checkout$";

  private static FieldCondition regex(String regex, boolean decode) {
    return new FieldCondition("url.path", decode, regex, null, null, null, null, null, null);
  }

  private static FieldCondition contains(List<String> words, boolean decode) {
    return new FieldCondition("url.path", decode, null, words, null, null, null, null, null);
  }

  private static EventView path(String p) {
    return new EventView(
        Event.builder().timestamp(Instant.parse("2026-11-21T01:00:00Z")).urlPath(p).build());
  }

  @Test
  void takesTheWordsOfARegexWithoutAPrefilterOfItsOwn() {
    assertThat(FieldMatcher.compile(regex(CHECKOUT, true)).words())
        .isEqualTo(new FieldWords("url.path", true, List.of("/shopping/checkout")));
  }

  @Test
  void hasNoWordsForANegatedCondition() {
    FieldCondition negated =
        new FieldCondition("url.path", true, "recv|notif", null, null, null, null, true, null);
    assertThat(FieldMatcher.compile(negated).words()).isNull();
  }

  @Test
  void joinsTheWordsOfAnAttemptAndAnOutcome() {
    FieldWords a = new FieldWords("url.path", true, List.of("/shopping/checkout"));
    FieldWords b = new FieldWords("url.path", true, List.of("/shopping/complete"));
    assertThat(FieldWords.either(a, b))
        .isEqualTo(
            new FieldWords("url.path", true, List.of("/shopping/checkout", "/shopping/complete")));
  }

  @Test
  void joinsNothingOfConditionsOnDifferentFields() {
    FieldWords a = new FieldWords("url.path", true, List.of("/login"));
    FieldWords b = new FieldWords("url.query", true, List.of("card"));
    assertThat(FieldWords.either(a, b)).isNull();
  }

  @Test
  void admitsAPathWhoseDecodedTextHasTheWord() {
    FieldWords w = new FieldWords("url.path", true, List.of("/shopping/checkout"));
    assertThat(w.admits(path("/Shopping/%63heckout"))).isTrue();
  }

  @Test
  void refusesAnEventWithoutTheField() {
    FieldWords w = new FieldWords("url.path", true, List.of("/shopping/checkout"));
    assertThat(w.admits(new EventView(Event.builder().timestamp(Instant.EPOCH).build()))).isFalse();
  }

  @Test
  void refusesOnlyWhatItsConditionCannotMatch() {
    // Random paths of route words, escapes and capitals: wherever the gate of a condition
    // refuses, the condition does not hold (and for contains, the gate is the condition).
    Random random = new Random(9);
    String[] pieces = {
      "/shopping",
      "/checkout",
      "/complete",
      "/index.php",
      "%2F",
      "%63",
      "/Shopping",
      "CHECKOUT",
      "+",
      "/",
      "x",
      "%25"
    };
    List<FieldMatcher> matchers =
        List.of(
            FieldMatcher.compile(regex(CHECKOUT, true)),
            FieldMatcher.compile(regex("checkout|complete", false)),
            FieldMatcher.compile(contains(List.of("/shopping/checkout", "complete"), true)),
            FieldMatcher.compile(contains(List.of("/shopping/checkout"), false)));
    // One gate per condition for the whole run, so answers kept for a path are asked again.
    List<FieldWords> gates = matchers.stream().map(FieldMatcher::words).toList();
    List<String> wrong = new ArrayList<>();
    int admitted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder p = new StringBuilder();
      for (int k = random.nextInt(5); k >= 0; k--) {
        p.append(pieces[random.nextInt(pieces.length)]);
      }
      if (i % 100 == 0) {
        p.append("/x".repeat(300)); // longer than the texts whose answers are kept
      }
      for (FieldMatcher m : matchers) {
        EventView view = path(p.toString());
        FieldWords gate = gates.get(matchers.indexOf(m));
        boolean admits = gate != null && gate.admits(view);
        boolean matches = m.matches(path(p.toString()));
        admitted += admits ? 1 : 0;
        boolean exact = m == matchers.get(2) || m == matchers.get(3);
        if ((matches && !admits) || (exact && matches != admits)) {
          wrong.add(p + " " + m.words() + " admits " + admits + " matches " + matches);
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(admitted).isGreaterThan(1_000);
  }
}
