package dev.mimamori.detect.sigma;

import dev.mimamori.model.Event;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one event as Sigma matching reads them, each prepared once however many rules ask.
 */
final class EventTexts {
  private final Event event;
  private final Map<String, FieldText> fields = new HashMap<>(16);

  EventTexts(Event event) {
    this.event = event;
  }

  Event event() {
    return event;
  }

  FieldText field(String ecs) {
    FieldText f = fields.get(ecs);
    if (f == null) {
      f = new FieldText(value(ecs), FieldMapping.urlEncoded(ecs));
      fields.put(ecs, f);
    }
    return f;
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
