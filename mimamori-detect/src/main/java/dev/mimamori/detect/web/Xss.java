package dev.mimamori.detect.web;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Cross-site scripting by tokenization: the value is read as HTML where a page might place it (as
 * text, inside a double- or single-quoted or unquoted attribute value, inside a tag), and what the
 * browser would build is judged: script-capable elements, event-handler attributes, script URLs and
 * styles that run script. Scanners beside the tokenizer catch script URLs and JavaScript that
 * breaks out of a script string, and client-side template expressions (Vue, Angular).
 */
public final class Xss {
  /** Why the value is XSS, and where in it. */
  public record Hit(String reason, int at) {}

  private static final Set<String> DANGEROUS_TAGS =
      Set.of(
          "script",
          "iframe",
          "frame",
          "frameset",
          "object",
          "embed",
          "applet",
          "svg",
          "math",
          "base",
          "form",
          "xml",
          "import",
          "layer",
          "ilayer",
          "bgsound",
          "isindex",
          "vmlframe",
          "portal");
  private static final Set<String> EVENT_HANDLERS =
      Set.of(
          "onabort",
          "onactivate",
          "onafterprint",
          "onanimationend",
          "onanimationiteration",
          "onanimationstart",
          "onauxclick",
          "onbeforeactivate",
          "onbeforecopy",
          "onbeforecut",
          "onbeforeinput",
          "onbeforepaste",
          "onbeforeprint",
          "onbeforeunload",
          "onbegin",
          "onblur",
          "oncanplay",
          "oncanplaythrough",
          "onchange",
          "onclick",
          "onclose",
          "oncontextmenu",
          "oncopy",
          "oncuechange",
          "oncut",
          "ondblclick",
          "ondrag",
          "ondragend",
          "ondragenter",
          "ondragleave",
          "ondragover",
          "ondragstart",
          "ondrop",
          "ondurationchange",
          "onend",
          "onended",
          "onerror",
          "onfocus",
          "onfocusin",
          "onfocusout",
          "onformdata",
          "onhashchange",
          "oninput",
          "oninvalid",
          "onkeydown",
          "onkeypress",
          "onkeyup",
          "onload",
          "onloadeddata",
          "onloadedmetadata",
          "onloadstart",
          "onmessage",
          "onmousedown",
          "onmouseenter",
          "onmouseleave",
          "onmousemove",
          "onmouseout",
          "onmouseover",
          "onmouseup",
          "onmousewheel",
          "onpagehide",
          "onpageshow",
          "onpaste",
          "onpause",
          "onplay",
          "onplaying",
          "onpointerdown",
          "onpointerenter",
          "onpointerleave",
          "onpointermove",
          "onpointerout",
          "onpointerover",
          "onpointerrawupdate",
          "onpointerup",
          "onpopstate",
          "onprogress",
          "onratechange",
          "onrepeat",
          "onreset",
          "onresize",
          "onscroll",
          "onscrollend",
          "onsearch",
          "onseeked",
          "onseeking",
          "onselect",
          "onselectionchange",
          "onselectstart",
          "onshow",
          "onstart",
          "onstorage",
          "onsubmit",
          "onsuspend",
          "ontimeupdate",
          "ontoggle",
          "ontouchend",
          "ontouchmove",
          "ontouchstart",
          "ontransitioncancel",
          "ontransitionend",
          "ontransitionrun",
          "ontransitionstart",
          "onunload",
          "onvolumechange",
          "onwaiting",
          "onwheel",
          "onreadystatechange",
          "onpropertychange",
          "onfilterchange",
          "onlosecapture",
          "onmove",
          "onfinish");

  // Elements that load active content or submit forms from a URL: injected with an absolute URL
  // they are HTML injection, reported with XSS. Plain links and images are ordinary user text.
  private static final Set<String> LOADS_URL =
      Set.of(
          "input formaction",
          "button formaction",
          "image href",
          "use href",
          "input src",
          "video src",
          "audio src",
          "source src",
          "track src",
          "embed src",
          "object data");

  private Xss() {}

  /** The first reason {@code value} is XSS, or {@code null}. */
  public static @Nullable Hit analyze(String value) {
    String v =
        value.length() > WebDecoder.MAX_INPUT ? value.substring(0, WebDecoder.MAX_INPUT) : value;
    Hit h = markup(v);
    if (h != null) {
      return h;
    }
    String lower = v.toLowerCase(java.util.Locale.ROOT);
    int at = ScriptText.scriptUrl(lower, 0);
    if (at >= 0) {
      int after = ScriptText.afterScheme(lower, at);
      // Blanks inside the scheme ("java\tscript:") only ever serve to evade filters.
      boolean obfuscated = after - at > ScriptText.schemeLength(lower, at);
      if (obfuscated || ScriptText.looksLikeCode(lower, after)) {
        return new Hit(obfuscated ? "obfuscated script URL" : "script URL", at);
      }
    }
    at = ScriptText.dataHtmlUrl(lower);
    if (at >= 0) {
      return new Hit("data: URL with HTML or SVG", at);
    }
    at = ScriptText.clientTemplate(lower);
    if (at >= 0) {
      return new Hit("client-side template expression", at);
    }
    at = ScriptText.cssExpression(lower);
    if (at >= 0) {
      return new Hit("CSS expression() or binding", at);
    }
    at = ScriptText.jsEntity(lower);
    if (at >= 0) {
      return new Hit("JavaScript entity &{...}", at);
    }
    at = ScriptText.scriptBreakout(lower);
    if (at >= 0) {
      return new Hit("JavaScript call after breaking out of a string or statement", at);
    }
    at = ScriptText.domSink(lower);
    if (at >= 0) {
      return new Hit("reads or changes the document, its cookie or location", at);
    }
    at = ScriptText.obscureJs(lower);
    if (at >= 0) {
      return new Hit("obfuscated JavaScript (JSFuck, UTF-7, Function constructor)", at);
    }
    // JavaScript with comments, blanks and ["name"] member access normalized away.
    if (lower.indexOf('[') >= 0 || lower.contains("/*") || lower.contains(").")) {
      String js = ScriptText.jsSpelling(lower);
      if (ScriptText.scriptBreakout(js) >= 0 || ScriptText.domSink(js) >= 0) {
        return new Hit("obfuscated JavaScript call or DOM access", 0);
      }
    }
    return null;
  }

  private static @Nullable Hit markup(String v) {
    boolean lt = v.indexOf('<') >= 0;
    boolean eq = v.indexOf('=') >= 0;
    if (lt) {
      Hit h = judge(HtmlTokenizer.tokenize(v, HtmlTokenizer.Context.TEXT));
      if (h != null) {
        return h;
      }
    }
    if (v.indexOf('"') >= 0 && (eq || lt || v.indexOf('>') >= 0)) {
      Hit h = judge(HtmlTokenizer.tokenize(v, HtmlTokenizer.Context.DOUBLE_QUOTED_ATTRIBUTE));
      if (h != null) {
        return h;
      }
    }
    if (v.indexOf('\'') >= 0 && (eq || lt || v.indexOf('>') >= 0)) {
      Hit h = judge(HtmlTokenizer.tokenize(v, HtmlTokenizer.Context.SINGLE_QUOTED_ATTRIBUTE));
      if (h != null) {
        return h;
      }
    }
    if (eq) {
      Hit h = judge(HtmlTokenizer.tokenize(v, HtmlTokenizer.Context.UNQUOTED_ATTRIBUTE));
      if (h != null) {
        return h;
      }
      h = judge(HtmlTokenizer.tokenize(v, HtmlTokenizer.Context.INSIDE_TAG));
      if (h != null) {
        return h;
      }
    }
    return null;
  }

  private static @Nullable Hit judge(List<HtmlToken> tokens) {
    for (HtmlToken t : tokens) {
      Hit h = null;
      if (t instanceof HtmlToken.StartTag tag) {
        h = startTag(tag);
      } else if (t instanceof HtmlToken.EndTag end && end.name().equals("script")) {
        h = new Hit("closes a <script> block", end.start());
      } else if (t instanceof HtmlToken.Comment c && isBehaviourInstruction(c.text())) {
        h = new Hit("Internet Explorer behaviour/namespace instruction", c.start());
      } else if (t instanceof HtmlToken.RawText raw
          && raw.tag().equals("style")
          && ScriptText.cssRunsScript(raw.text())) {
        h = new Hit("<style> that runs script", raw.start());
      }
      if (h != null) {
        return h;
      }
    }
    return null;
  }

  private static @Nullable Hit startTag(HtmlToken.StartTag tag) {
    // Namespaced names ("v:vmlframe", "x:script") are the element after the prefix.
    String name = tag.name().substring(tag.name().indexOf(':') + 1);
    // The empty name is the tag the value was placed in: its new attributes are the attacker's,
    // but a word like "onion=1" in ordinary text must not count, so they need more evidence.
    boolean written = !tag.name().isEmpty();
    if (DANGEROUS_TAGS.contains(name)) {
      return new Hit("<" + name + "> element", tag.start());
    }
    if (name.equals("meta") && !tag.attributes().isEmpty()) {
      // http-equiv refresh/set-cookie redirect or set cookies; charset enables UTF-7 tricks.
      String equiv = HtmlTokenizer.attribute(tag, "http-equiv");
      return new Hit(
          equiv != null
              ? "<meta http-equiv=" + equiv.toLowerCase(java.util.Locale.ROOT) + ">"
              : "<meta>",
          tag.start());
    }
    if (name.equals("style")) {
      return new Hit("<style> element (CSS injection)", tag.start());
    }
    if (name.equals("link") && HtmlTokenizer.attribute(tag, "href") != null) {
      return new Hit("<link href> loads a stylesheet or import", tag.start());
    }
    for (HtmlToken.Attribute a : tag.attributes()) {
      String an = a.name();
      String value = WebDecoder.unescapeMarkup(a.value());
      if (isEventHandler(an, value, a.assigned(), written)) {
        return new Hit("event handler attribute " + an, a.start());
      }
      if (an.equals("style") && ScriptText.cssRunsScript(value)) {
        return new Hit("style attribute that runs script", a.start());
      }
      if (ScriptText.scriptUrl(value, 0) >= 0) {
        return new Hit("script URL in attribute " + an, a.start());
      }
      if (ScriptText.dataHtmlUrl(value) >= 0) {
        return new Hit("data: URL with HTML in attribute " + an, a.start());
      }
      if (an.equals("srcdoc") && value.indexOf('<') >= 0) {
        return new Hit("markup in srcdoc", a.start());
      }
      if (an.equals("dataformatas") && value.strip().equalsIgnoreCase("html")) {
        return new Hit("data binding rendered as HTML", a.start());
      }
      if (LOADS_URL.contains(name + " " + an) && isAbsoluteUrl(value)) {
        return new Hit("HTML injection: <" + name + " " + an + "> to another site", tag.start());
      }
    }
    return null;
  }

  private static boolean isBehaviourInstruction(String text) {
    String t = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
    return t.startsWith("import") || t.startsWith("xml:namespace");
  }

  private static boolean isAbsoluteUrl(String value) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    return v.startsWith("http://")
        || v.startsWith("https://")
        || v.startsWith("//")
        || v.startsWith("ftp://");
  }

  private static boolean isEventHandler(
      String name, String value, boolean assigned, boolean written) {
    if (!name.startsWith("on") || name.length() < 5 || !assigned) {
      return false;
    }
    for (int i = 2; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return written || EVENT_HANDLERS.contains(name) || ScriptText.looksLikeCode(value, 0);
  }
}
