package dev.mimamori.detect.sigma;

import java.util.List;

/**
 * One detection item, compiled: a field (with its modifiers) and its values, or field-less keywords
 * (field {@link FieldMapping#KEYWORD_FIELD}). Values are OR-ed ({@code all} AND-s them); each value
 * may have expanded into several tests (e.g. {@code base64offset}), which are OR-ed; {@code neq}
 * negates the item.
 *
 * @param sigmaField the field as the rule names it ("" for keywords)
 * @param field the ECS field matched
 * @param values per value of the rule, the tests any of which matching matches the value
 */
record Item(
    String sigmaField, String field, List<List<ValueTest>> values, boolean all, boolean negated) {

  boolean matches(EventTexts e) {
    FieldText f = e.field(field);
    boolean r = all;
    for (List<ValueTest> value : values) {
      if (anyMatches(value, f, e) != all) {
        r = !all;
        break;
      }
    }
    return r != negated;
  }

  private static boolean anyMatches(List<ValueTest> tests, FieldText f, EventTexts e) {
    for (int i = 0, n = tests.size(); i < n; i++) { // no iterator: this runs for most events
      if (tests.get(i).test(f, e)) {
        return true;
      }
    }
    return false;
  }
}
