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
  private static final Object[] NO_OBJECTS = new Object[0];

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

  // An event meets two memo keys or so (the web-attack analysis, a Sigma rule set): those two in
  // fields, any more in arrays made on first use.
  private @Nullable Object key0;
  private @Nullable Object value0;
  private @Nullable Object key1;
  private @Nullable Object value1;
  private Object[] memoKeys = NO_OBJECTS;
  private @Nullable Object[] memoValues = NO_OBJECTS;
  private int memoCount;

  /**
   * A value computed from the event once, however many rules ask for it (e.g. the web-attack
   * analysis), under a key of the caller's, told apart by identity (a class, a rule set). A value
   * may be null.
   */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T memo(
      Object key, java.util.function.Function<Event, T> compute) {
    if (key0 == key) {
      return (T) value0;
    }
    if (key1 == key) {
      return (T) value1;
    }
    for (int i = 0; i < memoCount; i++) {
      if (memoKeys[i] == key) {
        return (T) memoValues[i];
      }
    }
    T v = compute.apply(event);
    if (key0 == null) {
      key0 = key;
      value0 = v;
    } else if (key1 == null) {
      key1 = key;
      value1 = v;
    } else {
      if (memoCount == memoKeys.length) {
        memoKeys = Arrays.copyOf(memoKeys, Math.max(4, memoCount * 2));
        memoValues = Arrays.copyOf(memoValues, Math.max(4, memoCount * 2));
      }
      memoKeys[memoCount] = key;
      memoValues[memoCount++] = v;
    }
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
