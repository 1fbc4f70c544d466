package dev.mimamori.detect.behaviour;

import dev.mimamori.detect.EventView;
import dev.mimamori.model.Event;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The state key of an event: always its tenant and shop, then the values of the group fields. */
public final class GroupKey {
  private GroupKey() {}

  private static final Map<List<String>, List<String>> CANONICAL = new ConcurrentHashMap<>();

  /**
   * One list instance for every rule that groups by the same fields: the key an event gets for them
   * is then made once and shared ({@link #of(EventView, List)}), its hash computed once.
   */
  public static List<String> canonical(List<String> fields) {
    // Interned names: Event.field's switch then compares by identity.
    List<String> copy = fields.stream().map(String::intern).toList();
    return CANONICAL.computeIfAbsent(copy, k -> k);
  }

  /**
   * The key of the event in {@code view} for fields given by {@link #canonical}, made once per
   * event whichever rules ask.
   */
  public static @Nullable String of(EventView view, List<String> canonicalFields) {
    return view.memo(canonicalFields, e -> of(e, canonicalFields));
  }

  /** {@code null} when the event lacks one of the fields: such an event belongs to no group. */
  static @Nullable String of(Event e, List<String> fields) {
    String v = value(e, fields);
    if (v == null) {
      return null;
    }
    // The common key, a shop and an address, in one concatenation; several values come joined,
    // each after a separator already.
    return switch (fields.size()) {
      case 0 -> shop(e);
      case 1 -> shop(e) + '\u0000' + v;
      default -> shop(e) + v;
    };
  }

  /** The key of the event's tenant and shop (the same string for every event of a shop). */
  static String shop(Event e) {
    return shop(e.tenant(), e.asset());
  }

  /**
   * What the values of {@code fields} make of the event within its shop: the field's own value for
   * one field (no new string), the values joined for several, "" for none; {@code null} when the
   * event lacks one of them.
   */
  static @Nullable String value(Event e, List<String> fields) {
    int n = fields.size();
    if (n == 0) {
      return "";
    }
    if (n == 1) {
      return e.field(fields.get(0));
    }
    StringBuilder b = new StringBuilder(64);
    for (String f : fields) {
      String v = e.field(f);
      if (v == null) {
        return null;
      }
      b.append('\u0000').append(v);
    }
    return b.toString();
  }

  /** A shop's key, kept for the shop of the last event (a log's events are all of one shop). */
  private record Shop(String tenant, String asset, String key) {}

  /**
   * Read and written by any thread without a lock: a {@link Shop} is immutable (its final fields
   * publish it whole), and a thread that sees another's shop only makes the key afresh.
   */
  private static @Nullable Shop lastShop;

  private static String shop(String tenant, String asset) {
    Shop s = lastShop;
    if (s != null && s.tenant.equals(tenant) && s.asset.equals(asset)) {
      return s.key;
    }
    String key = tenant + '\u0000' + asset;
    lastShop = new Shop(tenant, asset, key);
    return key;
  }
}
