package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XssTest {

  @Test
  void reportsScriptElements() {
    assertThat(Xss.analyze("<script>alert(1)</script>").reason()).isEqualTo("<script> element");
  }

  @Test
  void reportsEventHandlersAfterBreakingOutOfADoubleQuotedAttribute() {
    assertThat(Xss.analyze("x\" onmouseover=\"alert(1)").reason())
        .isEqualTo("event handler attribute onmouseover");
  }

  @Test
  void reportsEventHandlersAfterBreakingOutOfASingleQuotedAttribute() {
    assertThat(Xss.analyze("x' onfocus='alert(1)").reason())
        .isEqualTo("event handler attribute onfocus");
  }

  @Test
  void reportsEventHandlersInsideATag() {
    assertThat(Xss.analyze("autofocus onfocus=alert(1)").reason())
        .isEqualTo("event handler attribute onfocus");
  }

  @Test
  void reportsEventHandlersAfterASlashInsteadOfASpace() {
    assertThat(Xss.analyze("<img/src/onerror=alert(1)>").reason())
        .isEqualTo("event handler attribute onerror");
  }

  @Test
  void reportsUnterminatedTags() {
    assertThat(Xss.analyze("<img src=x onerror=alert(1)").reason())
        .isEqualTo("event handler attribute onerror");
  }

  @Test
  void reportsScriptUrlsWithEntitiesInAttributes() {
    assertThat(Xss.analyze("<a href=\"jav&#x09;ascript:alert(1)\">").reason())
        .isEqualTo("script URL in attribute href");
  }

  @Test
  void reportsScriptUrlsWithBlanksInTheScheme() {
    assertThat(Xss.analyze("java\tscript:x").reason()).isEqualTo("obfuscated script URL");
  }

  @Test
  void reportsDataUrlsWithHtml() {
    assertThat(Xss.analyze("data:text/html,<b>x</b>").reason())
        .isEqualTo("data: URL with HTML or SVG");
  }

  @Test
  void reportsStylesThatRunScript() {
    assertThat(Xss.analyze("<p style=\"x:exp\\72 ession(alert(1))\">").reason())
        .isEqualTo("style attribute that runs script");
  }

  @Test
  void reportsMetaRefresh() {
    assertThat(Xss.analyze("<meta http-equiv=refresh content=0;url=//evil.example>").reason())
        .isEqualTo("<meta http-equiv=refresh>");
  }

  @Test
  void reportsVueAndAngularTemplateExpressions() {
    assertThat(Xss.analyze("{{constructor.constructor('alert(1)')()}}").reason())
        .isEqualTo("client-side template expression");
  }

  @Test
  void reportsBreakingOutOfAScriptString() {
    assertThat(Xss.analyze("';alert(1)//").reason())
        .isEqualTo("JavaScript call after breaking out of a string or statement");
  }

  @Test
  void reportsBracketNotationDomAccess() {
    assertThat(Xss.analyze("x';self[\"document\"][\"cookie\"]").reason())
        .isEqualTo("obfuscated JavaScript call or DOM access");
  }

  @Test
  void boldTextIsNotXss() {
    assertThat(Xss.analyze("<b>bold</b>")).isNull();
  }

  @Test
  void aLessThanSignIsNotXss() {
    assertThat(Xss.analyze("a < b and c > d")).isNull();
  }

  @Test
  void anAttributeNamedLikeAHandlerWithoutCodeIsNotXss() {
    assertThat(Xss.analyze("x\" online=\"yes")).isNull();
  }

  @Test
  void aBookTitleWithJavascriptIsNotXss() {
    assertThat(Xss.analyze("javascript: the good parts")).isNull();
  }

  @Test
  void theVoidLinkIdiomIsNotXss() {
    assertThat(Xss.analyze("javascript:void(0)")).isNull();
  }

  @Test
  void aDocumentationPathIsNotXss() {
    assertThat(Xss.analyze("/manual/document.cookie")).isNull();
  }

  @Test
  void tokenizerReadsTheTagNameAfterANamespacePrefix() {
    assertThat(Xss.analyze("<x:script>").reason()).isEqualTo("<script> element");
  }

  @Test
  void reportsABindingUrlInAStyleAttribute() {
    assertThat(Xss.analyze("<div style=\"binding: url(http://evil.example/x.xml#xss);\">"))
        .isNotNull();
  }

  @Test
  void reportsTheBritishSpellingOfBehaviorInPlainText() {
    assertThat(Xss.analyze("behaviour: url(x.htc)")).isNotNull();
  }

  @Test
  void reportsTheXssLocatorsJavaScriptEntity() {
    assertThat(Xss.analyze("'';!--\"<xss>=&{()}").reason()).isEqualTo("JavaScript entity &{...}");
  }

  @Test
  void ignoresAnAmpersandBraceInPlainText() {
    assertThat(Xss.analyze("tom&{jerry} fan club")).isNull();
  }
}
