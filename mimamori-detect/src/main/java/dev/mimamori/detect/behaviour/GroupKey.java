package dev.mimamori.detect.behaviour;

import dev.mimamori.model.Event;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The state key of an event: always its tenant and shop, then the values of the group fields. */
final class GroupKey {
  private GroupKey() {}

  /** {@code null} when the event lacks one of the fields: such an event belongs to no group. */
  static @Nullable String of(Event e, List<String> fields) {
    StringBuilder b = new StringBuilder(64).append(e.tenant()).append('\u0000').append(e.asset());
    for (String f : fields) {
      String v = e.field(f);
      if (v == null) {
        return null;
      }
      b.append('\u0000').append(v);
    }
    return b.toString();
  }
}
