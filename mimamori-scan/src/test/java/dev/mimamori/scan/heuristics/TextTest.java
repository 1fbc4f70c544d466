package dev.mimamori.scan.heuristics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.scan.heuristics.text.Decoding;
import dev.mimamori.scan.heuristics.text.KeywordSet;
import dev.mimamori.scan.heuristics.text.Latin1;
import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The text helpers every detector relies on. */
class TextTest {
  @Test
  void keywordSetFindsOverlappingKeywordsIgnoringAsciiCase() {
    KeywordSet set = KeywordSet.of("cc_num", "cc_number", "number");
    assertThat(set.count("CC_NUMBER and cc_num")).containsExactly(2, 1, 1);
  }

  @Test
  void keywordSetMatchesUtf8KeywordsInByteStrings() {
    KeywordSet set = KeywordSet.of("カード番号");
    assertThat(set.any(Latin1.fromUtf8("お支払い: カード番号を入力"))).isTrue();
    assertThat(set.any(Latin1.fromUtf8("カード名義"))).isFalse();
  }

  @Test
  void base64IsDecodedLeniently() {
    assertThat(Decoding.base64("IEBl\ndmFs", 100)).isEqualTo(" @eval");
    assertThat(Decoding.base64("ZWNobw==garbage", 100)).isEqualTo("echo");
  }

  @Test
  void inflateStopsAtItsLimitWhateverTheCompressionRatio() {
    byte[] zeros = new byte[20 * 1024 * 1024];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(zeros);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    String bomb = Latin1.of(out.toByteArray());
    String inflated = Decoding.inflate(bomb, 64 * 1024);
    assertThat(inflated).hasSize(64 * 1024);
  }

  @Test
  void lowerCasingLeavesUtf8BytesAlone() {
    String bytes = Latin1.fromUtf8("ÄB");
    assertThat(Latin1.lower(bytes)).isEqualTo(bytes.substring(0, 2) + "b");
  }
}
