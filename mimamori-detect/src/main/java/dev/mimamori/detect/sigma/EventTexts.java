package dev.mimamori.detect.sigma;

import dev.mimamori.model.Event;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one event as Sigma matching reads them, each prepared once however many rules ask.
 */
final class EventTexts {
  private final Event event;

  /**
   * The fields asked for so far, in a short list searched in order: an event is asked for a handful
   * of fields, by the same few name strings, where a hash map cost more than the search.
   */
  private String[] names = NO_NAMES;

  private FieldText[] texts = NO_TEXTS;
  private int count;

  // Made on the first field asked for: most events are only asked for raw values (the prefilter).
  private static final String[] NO_NAMES = new String[0];
  private static final FieldText[] NO_TEXTS = new FieldText[0];

  EventTexts(Event event) {
    this.event = event;
  }

  Event event() {
    return event;
  }

  FieldText field(String ecs) {
    for (int i = 0; i < count; i++) {
      if (names[i] == ecs) {
        return texts[i];
      }
    }
    for (int i = 0; i < count; i++) {
      if (names[i].equals(ecs)) {
        return texts[i];
      }
    }
    FieldText f = new FieldText(value(ecs), ecs);
    if (count == names.length) {
      names = java.util.Arrays.copyOf(names, Math.max(4, count * 2));
      texts = java.util.Arrays.copyOf(texts, Math.max(4, count * 2));
    }
    names[count] = ecs;
    texts[count++] = f;
    return f;
  }

  /**
   * The field's value as written, without keeping a {@link FieldText} for it: the prefilter asks
   * every field it has patterns for, most of which an event lacks or whose answer is kept.
   */
  @Nullable String raw(String ecs) {
    for (int i = 0; i < count; i++) {
      if (names[i] == ecs) {
        return texts[i].raw;
      }
    }
    return value(ecs);
  }

  private @Nullable String value(String ecs) {
    String v = event.field(ecs);
    if (v == null && ecs.equals("url.extension")) {
      return extension(event.urlPath());
    }
    return v;
  }

  /** ECS url.extension: after the last dot of the last path segment, without the dot. */
  static @Nullable String extension(@Nullable String path) {
    if (path == null) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash && dot < path.length() - 1 ? path.substring(dot + 1) : null;
  }
}
