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
