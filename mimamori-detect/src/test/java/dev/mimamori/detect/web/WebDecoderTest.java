package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebDecoderTest {

  @Test
  void firstReadingIsOnePercentLayer() {
    assertThat(WebDecoder.variants("%253Cb%253E", true).get(0)).isEqualTo("%3Cb%3E");
  }

  @Test
  void repeatedDecodingUndoesDoubleEncoding() {
    assertThat(WebDecoder.decode("%253Cscript%253E", true).full()).isEqualTo("<script>");
  }

  @Test
  void repeatedDecodingUndoesTripleEncoding() {
    assertThat(WebDecoder.decode("%25253Csvg", true).full()).isEqualTo("<svg");
  }

  @Test
  void repeatedDecodingStopsAfterThreeLayers() {
    assertThat(WebDecoder.decode("%2525253C", true).full()).isEqualTo("%3C");
  }

  @Test
  void decodesPercentUEscapes() {
    assertThat(WebDecoder.percentDecode("%u003Cscript%u003E", true)).isEqualTo("<script>");
  }

  @Test
  void decodesPercentUSurrogatePairs() {
    assertThat(WebDecoder.percentDecode("%uD83D%uDE00", true)).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void plusIsASpaceInQueryStrings() {
    assertThat(WebDecoder.percentDecode("union+select", true)).isEqualTo("union select");
  }

  @Test
  void plusStaysInPaths() {
    assertThat(WebDecoder.percentDecode("/a+b", false)).isEqualTo("/a+b");
  }

  @Test
  void overlongUtf8SlashDecodesToASlash() {
    assertThat(WebDecoder.percentDecode("..%c0%af..%c0%af", false)).isEqualTo("../../");
  }

  @Test
  void overlongThreeByteDotDecodesToADot() {
    assertThat(WebDecoder.percentDecode("%e0%80%ae", false)).isEqualTo(".");
  }

  @Test
  void invalidUtf8BytesBecomeReplacementCharacters() {
    assertThat(WebDecoder.percentDecode("a%FFb", true)).isEqualTo("a\uFFFDb");
  }

  @Test
  void shiftJisBytesDecodeAsJapanese() {
    assertThat(WebDecoder.percentDecode("%83N%83%8A%81%5B%83%80", true)).isEqualTo("クリーム");
  }

  @Test
  void utf8BytesDecodeAsJapanese() {
    assertThat(WebDecoder.percentDecode("%E3%82%AF", true)).isEqualTo("ク");
  }

  @Test
  void invalidEscapesStayAsWritten() {
    assertThat(WebDecoder.percentDecode("100%zz%4", true)).isEqualTo("100%zz%4");
  }

  @Test
  void nulCharactersAreRemoved() {
    assertThat(WebDecoder.decode("/etc/passwd%00.jpg", true).full()).isEqualTo("/etc/passwd.jpg");
  }

  @Test
  void decodesNamedCharacterReferences() {
    assertThat(WebDecoder.unescapeMarkup("&lt;svg&gt;")).isEqualTo("<svg>");
  }

  @Test
  void decodesNamedReferencesWithoutSemicolon() {
    assertThat(WebDecoder.unescapeMarkup("&ltscript&gt")).isEqualTo("<script>");
  }

  @Test
  void decodesHtml5OnlyNamedReferencesWithSemicolon() {
    assertThat(WebDecoder.unescapeMarkup("javascript&colon;alert&lpar;1&rpar;"))
        .isEqualTo("javascript:alert(1)");
  }

  @Test
  void decodesDecimalReferencesWithLeadingZeros() {
    assertThat(WebDecoder.unescapeMarkup("&#0000106;a")).isEqualTo("ja");
  }

  @Test
  void decodesHexReferencesWithoutSemicolon() {
    assertThat(WebDecoder.unescapeMarkup("&#x6A&#x61;")).isEqualTo("ja");
  }

  @Test
  void replacesOutOfRangeReferences() {
    assertThat(WebDecoder.unescapeMarkup("&#99999999999;")).isEqualTo("\uFFFD");
  }

  @Test
  void keepsAnAmpersandThatStartsNoReference() {
    assertThat(WebDecoder.unescapeMarkup("Tom & Jerry &unknown;"))
        .isEqualTo("Tom & Jerry &unknown;");
  }

  @Test
  void decodesBackslashHexEscapes() {
    assertThat(WebDecoder.unescapeMarkup("\\x3cscript\\x3e")).isEqualTo("<script>");
  }

  @Test
  void decodesBackslashUnicodeEscapes() {
    assertThat(WebDecoder.unescapeMarkup("\\u003cimg\\u{3e}")).isEqualTo("<img>");
  }

  @Test
  void decodesEscapedQuotes() {
    assertThat(WebDecoder.unescapeMarkup("\\' or 1=1")).isEqualTo("' or 1=1");
  }

  @Test
  void keepsWindowsPathBackslashes() {
    assertThat(WebDecoder.unescapeMarkup("C:\\Users\\me")).isEqualTo("C:\\Users\\me");
  }

  @Test
  void canonicalFoldsFullWidthAscii() {
    assertThat(WebDecoder.canonical("＜ＳＣＲＩＰＴ＞")).isEqualTo("<script>");
  }

  @Test
  void canonicalCollapsesSqlCommentsAndWhitespace() {
    assertThat(WebDecoder.canonical("UNION/**/SELECT \t\n 1")).isEqualTo("union select 1");
  }

  @Test
  void canonicalKeepsTheContentOfMysqlExecutableComments() {
    assertThat(WebDecoder.canonical("/*!50000UNION*/SELECT")).isEqualTo("union select");
  }

  @Test
  void canonicalFoldsSlashLookalikes() {
    assertThat(WebDecoder.canonical("..\u2215etc\u2215passwd")).isEqualTo("../etc/passwd");
  }

  @Test
  void returnsAtMostFourDistinctVariants() {
    assertThat(WebDecoder.variants("%2526lt%253BSCRIPT%2526gt%253B", true))
        .containsExactly("%26lt%3BSCRIPT%26gt%3B", "&lt;SCRIPT&gt;", "<SCRIPT>", "<script>");
  }

  @Test
  void plainValueHasOneVariantBesidesItsLowerCase() {
    assertThat(WebDecoder.variants("Hello", true)).containsExactly("Hello", "hello");
  }

  @Test
  void cutsValuesLongerThanTheLimit() {
    assertThat(WebDecoder.decode("a".repeat(WebDecoder.MAX_INPUT + 10), true).once())
        .hasSize(WebDecoder.MAX_INPUT);
  }
}
