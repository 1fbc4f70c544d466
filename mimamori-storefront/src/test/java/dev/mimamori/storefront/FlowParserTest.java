package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowParserTest {
  @Test
  void readsEveryKindOfStepInOrder() {
    Flow f =
        FlowParser.parse(
            """
            steps:
              - open: /cart
              - type: { into: "#email", text: a@example.jp }
              - select: { from: "#pref", value: "13" }
              - click: button.next
              - wait_for: "#shopping-form"
              - pause: 500
            """,
            Map.of());
    assertThat(f.steps())
        .containsExactly(
            new Flow.Open("/cart"),
            new Flow.Type("#email", "a@example.jp"),
            new Flow.Select("#pref", "13"),
            new Flow.Click("button.next"),
            new Flow.WaitFor("#shopping-form"),
            new Flow.Pause(500));
  }

  @Test
  void substitutesVariablesWithTheCallersWinning() {
    Flow f =
        FlowParser.parse(
            """
            vars: { login: file@example.jp, password: from-file }
            steps:
              - type: { into: "#pw", text: "${login}/${password}" }
            """,
            Map.of("password", "from-secret"));
    assertThat(f.steps()).containsExactly(new Flow.Type("#pw", "file@example.jp/from-secret"));
  }

  @Test
  void variableNobodySetIsAnErrorNamingIt() {
    assertThatThrownBy(
            () ->
                FlowParser.parse(
                    "steps:\n  - type: { into: '#pw', text: '${password}' }\n", Map.of()))
        .hasMessage("flow step 1: variable ${password} is not set");
  }

  @Test
  void unknownStepIsAnErrorNamingItsNumber() {
    assertThatThrownBy(() -> FlowParser.parse("steps:\n  - open: /\n  - run: rm -rf /\n", Map.of()))
        .hasMessage("flow step 2: unknown step 'run'");
  }

  @Test
  void flowWithoutStepsIsRefused() {
    assertThatThrownBy(() -> FlowParser.parse("vars: {}\n", Map.of()))
        .hasMessage("flow: steps must be a non-empty list");
  }

  @Test
  void notYamlIsRefusedWithTheReason() {
    assertThatThrownBy(() -> FlowParser.parse("steps: [open: /\n", Map.of()))
        .hasMessageStartingWith("flow: not YAML");
  }

  @Test
  void pauseOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> FlowParser.parse("steps:\n  - pause: 3600000\n", Map.of()))
        .hasMessage("flow step 1: pause takes 0..60000 ms");
  }

  @Test
  void tooManyStepsAreRefused() {
    String yaml = "steps:\n" + "  - pause: 1\n".repeat(Flow.MAX_STEPS + 1);
    assertThatThrownBy(() -> FlowParser.parse(yaml, Map.of()))
        .hasMessage("flow: more than " + Flow.MAX_STEPS + " steps");
  }

  @Test
  void inventoryStartsAtTheLastNavigatingStep() {
    Flow f =
        FlowParser.parse(
            "steps:\n  - open: /login\n  - click: button\n  - type: { into: '#c', text: x }\n",
            Map.of());
    assertThat(f.lastNavigation()).isEqualTo(1);
  }

  @Test
  void garbageNeverEscapesAsAnythingButIllegalArgument() {
    java.util.Random r = new java.util.Random(8);
    String alphabet = "steps:- open{}[]\"'$\n\t :#,&*!|>%@`\\\u0000é";
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(80);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      try {
        FlowParser.parse(b.toString(), Map.of());
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).startsWith("flow");
      }
    }
  }
}
