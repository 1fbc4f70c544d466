package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathOrderTest {
  @Test
  void aFolderSortsBeforeANameThatExtendsIt() {
    assertThat(PathOrder.INSTANCE.compare("a/b", "a.txt")).isNegative();
  }

  @Test
  void aFolderSortsBeforeItsChildren() {
    assertThat(PathOrder.INSTANCE.compare("a", "a/b")).isNegative();
  }

  @Test
  void sortsLikeADepthFirstWalkOfSortedNames() {
    List<String> paths =
        new ArrayList<>(List.of("a.txt", "a b/c", "a/b/c", "a", "a/b", "a-/d", "a b"));
    paths.sort(PathOrder.INSTANCE);
    assertThat(paths).containsExactly("a", "a/b", "a/b/c", "a b", "a b/c", "a-/d", "a.txt");
  }
}
