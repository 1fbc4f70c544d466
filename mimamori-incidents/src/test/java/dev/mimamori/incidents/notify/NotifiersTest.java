package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotifiersTest {

  @Test
  void registersEveryChannel() {
    assertThat(Notifiers.names())
        .containsExactly(
            "log", "email", "webhook", "slack", "teams", "line", "chatwork", "pagerduty");
  }

  @Test
  void buildsANotifierFromItsConfig() {
    Notifier n =
        Notifiers.find("pagerduty")
            .orElseThrow()
            .create(new PagerDutyNotifier.Config("R0123456789abcdef0123456789abcde"));

    assertThat(n.type()).isEqualTo("pagerduty");
  }

  @Test
  void namesEachNotifierAsRegistered() {
    List<Notifier> built =
        List.of(
            new SlackNotifier(new SlackNotifier.Config("https://hooks.slack.com/services/x")),
            new TeamsNotifier(new TeamsNotifier.Config("https://example.webhook.office.com/x")),
            new LineNotifier(new LineNotifier.Config("t", "U0123456789abcdef0123456789abcdef")),
            new ChatworkNotifier(new ChatworkNotifier.Config("t", "1")),
            new WebhookNotifier(
                new WebhookNotifier.Config("https://example.com/h", "0123456789abcdef")));

    assertThat(built)
        .extracting(Notifier::type)
        .containsExactly("slack", "teams", "line", "chatwork", "webhook");
  }
}
