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
}
