package dev.mimamori.incidents.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of notifier types: adding one is one line here. */
public final class Notifiers {
  private static final Map<String, NotifierType<?>> TYPES = new LinkedHashMap<>();

  static {
    register(new NotifierType<>("log", LogNotifier.Config.class, LogNotifier::new));
    register(new NotifierType<>("email", EmailNotifier.Config.class, EmailNotifier::new));
    register(new NotifierType<>("webhook", WebhookNotifier.Config.class, WebhookNotifier::new));
    register(new NotifierType<>("slack", SlackNotifier.Config.class, SlackNotifier::new));
    register(new NotifierType<>("teams", TeamsNotifier.Config.class, TeamsNotifier::new));
    register(new NotifierType<>("line", LineNotifier.Config.class, LineNotifier::new));
    register(new NotifierType<>("chatwork", ChatworkNotifier.Config.class, ChatworkNotifier::new));
    register(
        new NotifierType<>("pagerduty", PagerDutyNotifier.Config.class, PagerDutyNotifier::new));
  }

  private Notifiers() {}

  private static void register(NotifierType<?> type) {
    TYPES.put(type.name(), type);
  }

  public static Optional<NotifierType<?>> find(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  public static Set<String> names() {
    return TYPES.keySet();
  }
}
