package dev.mimamori.detect.rules;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.DetectionText;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.ValueMemo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Words one of which a field must contain, as a condition reads the field (decoded and lower-cased,
 * or lower-cased): what a regex condition with a prefilter, or a {@code contains} condition, cannot
 * hold without. As a {@link CompiledRule.Gate} it spares a rule every request whose path names none
 * of the routes the rule is about (the card-testing rules, on every page and image a shop serves).
 *
 * <p>Paths come back request after request: the answer for each of the last texts seen is kept
 * (shared by the threads that evaluate rules, without locks: see {@link ValueMemo}). Equal when the
 * field, the reading and the words are, so rules with the same words share one gate.
 */
public final class FieldWords implements CompiledRule.Gate {
  private final String field;
  private final boolean decode;
  private final List<String> words;
  private final ValueMemo<Boolean> answers = new ValueMemo<>(2048, 512);

  /**
   * @param field the ECS name
   * @param decode whether the condition reads the field decoded
   * @param words lower-cased
   */
  public FieldWords(String field, boolean decode, List<String> words) {
    this.field = field.intern();
    this.decode = decode;
    this.words = List.copyOf(words);
  }

  /**
   * Words either of two conditions needs (a rule that acts on an attempt or on an outcome): null
   * unless both name words in the same field, read the same way.
   */
  public static @Nullable FieldWords either(@Nullable FieldWords a, @Nullable FieldWords b) {
    if (a == null || b == null || !a.field.equals(b.field) || a.decode != b.decode) {
      return null;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(a.words);
    all.addAll(b.words);
    return new FieldWords(a.field, a.decode, new ArrayList<>(all));
  }

  /** Whether the event's field, read as the condition reads it, contains one of the words. */
  @Override
  public boolean admits(EventView e) {
    String raw = e.raw(field);
    if (raw == null) {
      return false;
    }
    Boolean known = answers.get(raw);
    if (known != null) {
      return known;
    }
    boolean found = anyIn(e, raw, field, decode, words);
    answers.put(raw, found);
    return found;
  }

  /**
   * Whether the field, read as a condition reads it (decoded and lower-cased, or lower-cased),
   * contains one of {@code words}: the one place both the gate and {@link FieldMatcher} say it.
   */
  static boolean anyIn(EventView e, String field, boolean decode, List<String> words) {
    String raw = e.raw(field);
    return raw != null && anyIn(e, raw, field, decode, words);
  }

  /** {@link #anyIn(EventView, String, boolean, List)} of the field's value {@code raw}. */
  private static boolean anyIn(
      EventView e, String raw, String field, boolean decode, List<String> words) {
    if (!decode) {
      return containsAny(raw.toLowerCase(Locale.ROOT), words);
    }
    if (DetectionText.isNormal(raw)) {
      return containsAny(raw, words); // decoding and lower-casing would give the text itself
    }
    String d = e.decoded(field);
    return d != null && containsAny(d, words);
  }

  private static boolean containsAny(String lower, List<String> words) {
    for (int i = 0, n = words.size(); i < n; i++) { // no iterator: this runs for most events
      if (lower.contains(words.get(i))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FieldWords w
        && w.field.equals(field)
        && w.decode == decode
        && w.words.equals(words);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, decode, words);
  }

  @Override
  public String toString() {
    return field + (decode ? " decoded" : "") + " contains one of " + words;
  }
}
