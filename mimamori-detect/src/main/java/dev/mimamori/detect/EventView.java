package dev.mimamori.detect;

import dev.mimamori.model.Event;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One event as the rules see it: field values by ECS name, and their decoded form computed once per
 * event however many rules ask for it.
 */
public final class EventView {
  private static final String ABSENT = new String("absent");

  private final Event event;

  private static final String[] NONE = new String[0];

  // An event meets a handful of fields and memo keys: a short array searched in order costs less
  // than a hash map (built per event, hashed per lookup). Decoded fields' arrays are made on first
  // use: most events are never asked for one.
  private String[] decodedFields = NONE;
  private String[] decodedValues = NONE;
  private int decodedCount;

  public EventView(Event event) {
    this.event = event;
  }

  public Event event() {
    return event;
  }

  private Object[] memoKeys = new Object[4];
  private @Nullable Object[] memoValues = new Object[4];
  private int memoCount;

  /**
   * A value computed from the event once, however many rules ask for it (e.g. the web-attack
   * analysis), under a key of the caller's, told apart by identity (a class, a rule set). A value
   * may be null.
   */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T memo(
      Object key, java.util.function.Function<Event, T> compute) {
    for (int i = 0; i < memoCount; i++) {
      if (memoKeys[i] == key) {
        return (T) memoValues[i];
      }
    }
    T v = compute.apply(event);
    if (memoCount == memoKeys.length) {
      memoKeys = Arrays.copyOf(memoKeys, memoCount * 2);
      memoValues = Arrays.copyOf(memoValues, memoCount * 2);
    }
    memoKeys[memoCount] = key;
    memoValues[memoCount++] = v;
    return v;
  }

  public @Nullable String raw(String field) {
    return event.field(field);
  }

  /** The value percent-decoded and lower-cased ({@link DetectionText#normalize}). */
  public @Nullable String decoded(String field) {
    for (int i = 0; i < decodedCount; i++) {
      String f = decodedFields[i];
      if (f == field || f.equals(field)) {
        String v = decodedValues[i];
        return v == ABSENT ? null : v;
      }
    }
    String raw = event.field(field);
    String v = raw == null ? ABSENT : DetectionText.normalize(raw);
    if (decodedCount == decodedFields.length) {
      decodedFields = Arrays.copyOf(decodedFields, Math.max(4, decodedCount * 2));
      decodedValues = Arrays.copyOf(decodedValues, Math.max(4, decodedCount * 2));
    }
    decodedFields[decodedCount] = field;
    decodedValues[decodedCount++] = v;
    return v == ABSENT ? null : v;
  }
}
