package dev.mimamori.detect;

import dev.mimamori.model.Event;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One event as the rules see it: field values by ECS name, and their decoded form computed once per
 * event however many rules ask for it.
 */
public final class EventView {
  private static final String ABSENT = new String("absent");

  private final Event event;
  private final Map<String, String> decoded = new HashMap<>(8);

  public EventView(Event event) {
    this.event = event;
  }

  public Event event() {
    return event;
  }

  private final Map<Object, Object> memos = new HashMap<>(4);

  /**
   * A value computed from the event once, however many rules ask for it (e.g. the web-attack
   * analysis), under a key of the caller's.
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, java.util.function.Function<Event, T> compute) {
    Object v = memos.get(key);
    if (v == null) {
      v = compute.apply(event);
      memos.put(key, v);
    }
    return (T) v;
  }

  public @Nullable String raw(String field) {
    return event.field(field);
  }

  /** The value percent-decoded and lower-cased ({@link DetectionText#normalize}). */
  public @Nullable String decoded(String field) {
    String v = decoded.get(field);
    if (v == null) {
      String raw = event.field(field);
      v = raw == null ? ABSENT : DetectionText.normalize(raw);
      decoded.put(field, v);
    }
    return v == ABSENT ? null : v;
  }
}
