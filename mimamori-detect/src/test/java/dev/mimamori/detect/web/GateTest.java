package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateTest {
  @Test
  void letsABrowsersUserAgentPass() {
    assertThat(
            Gate.worthAnalyzing(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
                WebValue.Source.HEADER))
        .isFalse();
  }

  @Test
  void letsAPlainProductPathPass() {
    assertThat(Gate.worthAnalyzing("/products/detail/12", WebValue.Source.PATH)).isFalse();
  }

  @Test
  void stopsAValueWithAQuote() {
    assertThat(Gate.worthAnalyzing("1'", WebValue.Source.PARAMETER)).isTrue();
  }

  @Test
  void stopsFullWidthSqlWords() {
    assertThat(Gate.worthAnalyzing("ＵＮＩＯＮ ＳＥＬＥＣＴ 1,2", WebValue.Source.PARAMETER)).isTrue();
  }

  @Test
  void looksOnlyAtTheRefererPathNotItsHost() {
    assertThat(
            Gate.worthAnalyzing("https://shop.example.jp/products/list", WebValue.Source.REFERRER))
        .isFalse();
  }

  @Test
  void letsPercentEncodedJapaneseTextPass() {
    assertThat(Gate.worthAnalyzing("%E3%81%BF%E3%81%8B%E3%82%93", WebValue.Source.PARAMETER))
        .isFalse();
  }

  @Test
  void stopsAPercentEncodedQuote() {
    assertThat(Gate.worthAnalyzing("1%27", WebValue.Source.PARAMETER)).isTrue();
  }

  @Test
  void letsAReferrerWithAPlainQueryPass() {
    assertThat(
            Gate.worthAnalyzing(
                "https://shop.example.jp/products/list?category_id=3&name=%E3%81%BF",
                WebValue.Source.REFERRER))
        .isFalse();
  }

  @Test
  void letsEcCubesShoppingRoutePass() {
    assertThat(Gate.worthAnalyzing("/shopping/confirm", WebValue.Source.PATH)).isFalse();
  }

  @Test
  void letsABotNamingItsHomePagePass() {
    assertThat(
            Gate.worthAnalyzing(
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                WebValue.Source.HEADER))
        .isFalse();
  }

  @Test
  void stopsEncodedDots() {
    assertThat(Gate.worthAnalyzing("%2e%2e%2fetc", WebValue.Source.PARAMETER)).isTrue();
  }

  @Test
  void letsAnEncodedSpacePass() {
    assertThat(Gate.worthAnalyzing("/blog/tags/year%20review", WebValue.Source.PATH)).isFalse();
  }

  /**
   * The gate's rule written plainly, character by character, with the word list searched by {@code
   * endsWith}: what the gate's one-table loop must agree with.
   */
  private static boolean plainly(String raw, WebValue.Source source) {
    String text = raw;
    boolean referrer = source == WebValue.Source.REFERRER;
    boolean header = source == WebValue.Source.HEADER;
    if (referrer) {
      int scheme = text.indexOf("://");
      if (scheme >= 0) {
        int path = text.indexOf('/', scheme + 3);
        text = path < 0 ? "" : text.substring(path);
      }
    }
    StringBuilder run = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        c = (char) (c - 0xFEE0);
      }
      if (c == '%') {
        int hi = i + 2 < n ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = i + 2 < n ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          return true;
        }
        char d = (char) (hi * 16 + lo);
        boolean plainText =
            Character.isLetterOrDigit(d)
                || d == ' '
                || d == '-'
                || d == '_'
                || d == ','
                || d == '+';
        if (d < 0x80 && (referrer ? "'\"<>`${}|\\;".indexOf(d) >= 0 : !plainText)) {
          return true;
        }
        i += 2;
        run.setLength(0); // a word does not run across an encoded character
        continue;
      }
      if (Gate.ALWAYS.indexOf(c) >= 0) {
        return true;
      }
      if (!header && ";()#*".indexOf(c) >= 0) {
        return true;
      }
      if (!header && !referrer && (c == '=' || c == '&')) {
        return true;
      }
      if (referrer) {
        continue;
      }
      run.append(c < 128 ? Character.toLowerCase(c) : '\0');
      for (String w : Gate.WORDS) {
        if (!(header && w.equals("://")) && run.toString().endsWith(w)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void agreesWithThePlainRuleOnRandomValuesOfEveryKind() {
    java.util.Random rnd = new java.util.Random(7);
    String chars = "aAeEcClLtTuUnNiIoOsS /.:-_=&;(%')<>\"09+éあＵ％ｓ\u0000";
    int disagreements = 0;
    StringBuilder first = new StringBuilder();
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int parts = rnd.nextInt(6);
      for (int p = 0; p < parts; p++) {
        if (rnd.nextInt(3) == 0) {
          String w = Gate.WORDS[rnd.nextInt(Gate.WORDS.length)];
          sb.append(rnd.nextBoolean() ? w : w.toUpperCase(java.util.Locale.ROOT));
        } else if (rnd.nextInt(4) == 0) {
          sb.append('%').append("0123456789abcdefABCDEFuG".charAt(rnd.nextInt(24)));
          sb.append("0123456789abcdefABCDEF".charAt(rnd.nextInt(22)));
        } else {
          for (int k = rnd.nextInt(8); k > 0; k--) {
            sb.append(chars.charAt(rnd.nextInt(chars.length())));
          }
        }
      }
      String value = sb.toString();
      for (WebValue.Source source : WebValue.Source.values()) {
        if (Gate.worthAnalyzing(value, source) != plainly(value, source)) {
          if (disagreements++ == 0) {
            first.append(source).append(": ").append(value);
          }
        }
      }
    }

    assertThat(disagreements).as(first.toString()).isZero();
  }
}
