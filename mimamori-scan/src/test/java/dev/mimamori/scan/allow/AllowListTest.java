package dev.mimamori.scan.allow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowListTest {
  @TempDir Path dir;

  private static byte[] sha(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void containsTheDigestOfAFileItWasBuiltFrom() throws Exception {
    Files.writeString(dir.resolve("a.php"), "<?php echo 1;");
    AllowList list = new AllowListBuilder().add(dir).toAllowList("t");
    assertThat(list.contains(sha("<?php echo 1;"))).isTrue();
  }

  @Test
  void doesNotContainAnotherDigest() throws Exception {
    Files.writeString(dir.resolve("a.php"), "<?php echo 1;");
    AllowList list = new AllowListBuilder().add(dir).toAllowList("t");
    assertThat(list.contains(sha("<?php echo 2;"))).isFalse();
  }

  @Test
  void aWrittenListReadsBackTheSame() throws Exception {
    Files.writeString(dir.resolve("a.php"), "1");
    Files.writeString(dir.resolve("b.php"), "2");
    Path out = dir.resolve("out/list.sha256.gz");
    new AllowListBuilder().add(dir).write(out, List.of("test"));
    AllowList list = AllowList.load(out);
    assertThat(List.of(list.size(), list.contains(sha("2")))).containsExactly(2, true);
  }

  @Test
  void aLineThatIsNotADigestIsRefusedWithItsLineNumber() {
    assertThatThrownBy(
            () ->
                AllowList.read(
                    "x",
                    new ByteArrayInputStream(
                        "# c\nnot-a-digest\n".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("x:2");
  }

  @Test
  void repeatsAreCountedOnce() throws Exception {
    assertThat(AllowList.of("t", List.of(sha("a"), sha("a"), sha("b"))).size()).isEqualTo(2);
  }

  @Test
  void aDigestOfTheWrongLengthIsNotContained() {
    assertThat(AllowList.of("t", List.of(new byte[32])).contains(new byte[31])).isFalse();
  }
}
