package dev.mimamori.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedGroupsTest {
  /** A group that says which key it was made for and whether it may be reused. */
  static final class Named extends BoundedGroups.Group {
    final boolean reusable;
    int cleared;

    Named(boolean reusable) {
      this.reusable = reusable;
    }

    @Override
    boolean clearForReuse() {
      cleared++;
      return reusable;
    }
  }

  private static Named add(BoundedGroups<Named> groups, String value, long t) {
    Named g = groups.add("shop", value, () -> new Named(true), t - 1_000, t);
    g.seen(t, 1_000);
    return g;
  }

  @Test
  void findsTheGroupItAdded() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    Named g = add(groups, "192.0.2.1", 0);

    assertThat(groups.find("shop", "192.0.2.1")).isSameAs(g);
  }

  @Test
  void tellsShopsApartWithTheSameValue() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    add(groups, "192.0.2.1", 0);

    assertThat(groups.find("other-shop", "192.0.2.1")).isNull();
  }

  @Test
  void findsValuesWhoseHashesCollide() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    Named aa = add(groups, "Aa", 0); // "Aa" and "BB" have the same String.hashCode
    Named bb = add(groups, "BB", 0);

    assertThat(groups.find("shop", "Aa")).isSameAs(aa);
    assertThat(groups.find("shop", "BB")).isSameAs(bb);
  }

  @Test
  void dropsTheLeastRecentlySeenBeyondItsCap() {
    BoundedGroups<Named> groups = new BoundedGroups<>(2, 100);
    add(groups, "a", 0);
    add(groups, "b", 0);
    groups.find("shop", "a"); // now "b" is the least recently seen
    add(groups, "c", 0);

    assertThat(groups.find("shop", "b")).isNull();
  }

  @Test
  void reusesAnIdleEldestGroupForANewKey() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    Named first = add(groups, "a", 0);
    Named second = add(groups, "b", 5_000); // "a" has been idle for more than the window

    assertThat(second).isSameAs(first);
  }

  @Test
  void forgetsTheKeyOfAReusedGroup() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    add(groups, "a", 0);
    add(groups, "b", 5_000);

    assertThat(groups.find("shop", "a")).isNull();
  }

  @Test
  void startsAReusedGroupAsNew() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    Named first = add(groups, "a", 0);
    first.quietUntil = 1; // quiet lifted by the time "b" comes
    groups.update(first, 7);
    Named second = groups.add("shop", "b", () -> new Named(true), 4_000, 5_000);

    assertThat(second.lastSeen).isEqualTo(Long.MIN_VALUE);
    assertThat(second.quietUntil).isEqualTo(Long.MIN_VALUE);
    assertThat(groups.held()).isZero();
  }

  @Test
  void makesANewGroupWhenTheIdleOneRefusesReuse() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    Named first = groups.add("shop", "a", () -> new Named(false), -1_000, 0);
    first.seen(0, 1_000);
    Named second = groups.add("shop", "b", () -> new Named(false), 4_000, 5_000);

    assertThat(second).isNotSameAs(first);
    assertThat(groups.size()).isEqualTo(1);
  }

  @Test
  void keepsAGroupBeingKeptQuiet() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 100);
    Named first = add(groups, "a", 0);
    first.quietUntil = 60_000;
    add(groups, "b", 5_000);

    assertThat(groups.find("shop", "a")).isSameAs(first);
  }

  @Test
  void trimsTheEldestButNotTheCurrentGroupOverTheStateBudget() {
    BoundedGroups<Named> groups = new BoundedGroups<>(10, 10);
    Named a = add(groups, "a", 0);
    groups.update(a, 6);
    Named b = add(groups, "b", 0);
    groups.update(b, 6);
    groups.trim(b);

    assertThat(groups.find("shop", "a")).isNull();
    assertThat(groups.held()).isEqualTo(6);
  }

  /** A hundred thousand random operations against a map of the same keys, in the same order. */
  @Test
  void agreesWithAMapOverManyAddsAndGrowths() {
    BoundedGroups<Named> groups = new BoundedGroups<>(100_000, Long.MAX_VALUE);
    Map<String, Named> model = new HashMap<>();
    Random r = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      String key = Integer.toString(r.nextInt(20_000), 36);
      Named g = groups.find("shop", key);
      assertThat(g).isSameAs(model.get(key));
      if (g == null) {
        // never idle (idleBefore is far back): every group stays, the table grows
        g = groups.add("shop", key, () -> new Named(true), Long.MIN_VALUE, 0);
        g.seen(0, 1);
        model.put(key, g);
      }
    }
    assertThat(groups.size()).isEqualTo(model.size());
  }

  /**
   * Two hundred thousand random finds and adds over 300 keys with room for 100 groups, against a
   * map in access order that drops its eldest the same way: the same groups found, the same
   * dropped.
   */
  @Test
  void dropsAsALeastRecentlyUsedMapDoes() {
    BoundedGroups<Named> groups = new BoundedGroups<>(100, Long.MAX_VALUE);
    LinkedHashMap<String, Named> model = new LinkedHashMap<>(16, 0.75f, true);
    Random r = new Random(11);
    long evicted = 0;
    for (int i = 0; i < 200_000; i++) {
      String key = Integer.toString(r.nextInt(300), 36);
      Named g = groups.find("shop", key);
      assertThat(g).isSameAs(model.get(key));
      if (g == null) {
        // never idle (idleBefore is far back): only the cap drops groups
        g = groups.add("shop", key, () -> new Named(true), Long.MIN_VALUE, 0);
        model.put(key, g);
        if (model.size() > 100) {
          Iterator<String> eldest = model.keySet().iterator();
          eldest.next();
          eldest.remove();
          evicted++;
        }
      }
    }
    assertThat(groups.size()).isEqualTo(100);
    assertThat(groups.dropped()).isEqualTo(evicted);
  }
}
