package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectionTextTest {

  @Test
  void decodesPercentEscapes() {
    assertThat(DetectionText.normalize("%3Cscript%3E")).isEqualTo("<script>");
  }

  @Test
  void decodesDoubleEncodedScriptTag() {
    assertThat(DetectionText.normalize("%253Cscript%253Ealert(1)")).isEqualTo("<script>alert(1)");
  }

  @Test
  void decodesTripleEncoding() {
    assertThat(DetectionText.normalize("%25253Csvg")).isEqualTo("<svg");
  }

  @Test
  void stopsAfterThreeLayers() {
    assertThat(DetectionText.normalize("%2525253C")).isEqualTo("%3c");
  }

  @Test
  void decodesPercentUEscapes() {
    assertThat(DetectionText.normalize("%u003Cscript%u003E")).isEqualTo("<script>");
  }

  @Test
  void decodesUpperCasePercentU() {
    assertThat(DetectionText.normalize("%U0041")).isEqualTo("a");
  }

  @Test
  void decodesPlusAsSpace() {
    assertThat(DetectionText.normalize("union+all+select")).isEqualTo("union all select");
  }

  @Test
  void lowerCasesTheResult() {
    assertThat(DetectionText.normalize("<SCRIPT>Alert")).isEqualTo("<script>alert");
  }

  @Test
  void decodesMultibyteUtf8Escapes() {
    assertThat(DetectionText.normalize("%E3%81%8A%E7%B1%B3")).isEqualTo("お米");
  }

  @Test
  void replacesInvalidUtf8BytesWithTheReplacementCharacter() {
    assertThat(DetectionText.normalize("a%FFb")).isEqualTo("a\uFFFDb");
  }

  @Test
  void keepsInvalidEscapesAsWritten() {
    assertThat(DetectionText.normalize("100%zz%4")).isEqualTo("100%zz%4");
  }

  @Test
  void keepsShortPercentUAsWritten() {
    assertThat(DetectionText.normalize("%u12")).isEqualTo("%u12");
  }

  @Test
  void decodesAnEscapeAssembledFromEscapedHexDigits() {
    // "%%33%43" decodes to "%3C", which the next layer decodes to "<".
    assertThat(DetectionText.normalize("%%33%43script")).isEqualTo("<script");
  }

  @Test
  void leavesPlainTextAsLowerCase() {
    assertThat(DetectionText.normalize("/Products/List")).isEqualTo("/products/list");
  }

  @Test
  void percentDecodeReturnsTheSameInstanceWithoutEscapes() {
    String s = "/products/list";

    assertThat(DetectionText.percentDecode(s)).isSameAs(s);
  }

  @Test
  void percentDecodeDoesOneLayerOnly() {
    assertThat(DetectionText.percentDecode("%253C")).isEqualTo("%3C");
  }

  @Test
  void callsATextNormalOnlyWhereDecodingAndLowerCasingChangeNothing() {
    // normalize answers such a text with itself: it must be what the decoder and the lower-casing
    // would have made of it.
    java.util.Random random = new java.util.Random(11);
    String alphabet = "/shopingcmlet%2+AZé3F";
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      char[] c = new char[1 + random.nextInt(24)];
      for (int k = 0; k < c.length; k++) {
        c[k] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String s = new String(c);
      String slow = DetectionText.decode(s).toLowerCase(java.util.Locale.ROOT);
      if (DetectionText.isNormal(s) ? !slow.equals(s) : !DetectionText.normalize(s).equals(slow)) {
        wrong.add(s);
      }
    }
    assertThat(wrong).isEmpty();
  }
}
