package dev.mimamori.detect.sigma;

import java.util.List;

/**
 * One search identifier of a rule's {@code detection}: a map (all items must match) or a list of
 * maps and keywords (any alternative).
 *
 * @param alternatives OR-ed; each alternative's items are AND-ed
 */
record Detection(String name, List<List<Item>> alternatives) {

  boolean matches(EventTexts e) {
    for (List<Item> alt : alternatives) {
      if (allMatch(alt, e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allMatch(List<Item> items, EventTexts e) {
    for (Item i : items) {
      if (!i.matches(e)) {
        return false;
      }
    }
    return true;
  }
}
