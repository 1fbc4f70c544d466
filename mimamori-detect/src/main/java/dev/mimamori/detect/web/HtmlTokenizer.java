package dev.mimamori.detect.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An HTML5-style tokenizer reduced to what XSS detection needs: tag and attribute names and values,
 * comments, and the raw text of {@code <script>}/{@code <style>}. It follows the browser's state
 * machine where attackers exploit it ({@code <svg/onload=...>}, attributes without spaces between
 * them, unquoted values, unterminated tags) and can start inside an attribute value or a tag, to
 * read a value as the page would if it were placed there. One pass; names, values and the number of
 * tokens are bounded.
 */
final class HtmlTokenizer {
  /** Where in a page the value is read as if it were placed. */
  enum Context {
    TEXT,
    DOUBLE_QUOTED_ATTRIBUTE,
    SINGLE_QUOTED_ATTRIBUTE,
    UNQUOTED_ATTRIBUTE,
    INSIDE_TAG
  }

  static final int MAX_TOKENS = 512;
  private static final int MAX_NAME = 64;
  private static final int MAX_VALUE = 2048;
  private static final int MAX_ATTRIBUTES = 64;
  private static final Set<String> RAW_TEXT =
      Set.of("script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe");

  private enum State {
    DATA,
    TAG_OPEN,
    END_TAG_OPEN,
    TAG_NAME,
    BEFORE_ATTR_NAME,
    ATTR_NAME,
    AFTER_ATTR_NAME,
    BEFORE_ATTR_VALUE,
    ATTR_VALUE_DQ,
    ATTR_VALUE_SQ,
    ATTR_VALUE_UNQ,
    AFTER_ATTR_VALUE,
    SELF_CLOSING
  }

  private final String s;
  private final int n;
  private final List<HtmlToken> out = new ArrayList<>();
  private final StringBuilder name = new StringBuilder();
  private final StringBuilder attrName = new StringBuilder();
  private final StringBuilder attrValue = new StringBuilder();
  private List<HtmlToken.Attribute> attrs = new ArrayList<>();
  private boolean endTag;
  private boolean inAttribute;
  private boolean assigned;
  private boolean synthetic;
  private int tagStart;
  private int attrStart;

  private HtmlTokenizer(String s) {
    this.s = s;
    this.n = s.length();
  }

  static List<HtmlToken> tokenize(String text, Context context) {
    HtmlTokenizer t = new HtmlTokenizer(text);
    t.run(context);
    return t.out;
  }

  private void run(Context context) {
    State st =
        switch (context) {
          case TEXT -> State.DATA;
          case DOUBLE_QUOTED_ATTRIBUTE -> State.ATTR_VALUE_DQ;
          case SINGLE_QUOTED_ATTRIBUTE -> State.ATTR_VALUE_SQ;
          case UNQUOTED_ATTRIBUTE -> State.ATTR_VALUE_UNQ;
          case INSIDE_TAG -> State.BEFORE_ATTR_NAME;
        };
    if (context != Context.TEXT) {
      // The tag and attribute the value sits in: not the attacker's, so not reported.
      beginTag(0, false);
      synthetic = true;
      if (st != State.BEFORE_ATTR_NAME) {
        beginAttribute(0);
      }
    }
    int i = 0;
    while (i < n && out.size() < MAX_TOKENS) {
      char c = s.charAt(i);
      switch (st) {
        case DATA -> {
          int lt = s.indexOf('<', i);
          if (lt < 0) {
            i = n;
            continue;
          }
          i = lt + 1;
          st = State.TAG_OPEN;
          tagStart = lt;
          continue;
        }
        case TAG_OPEN -> {
          if (isAsciiLetter(c)) {
            beginTag(i - 1, false);
            st = State.TAG_NAME;
            continue;
          }
          if (c == '/') {
            st = State.END_TAG_OPEN;
          } else if (c == '!' || c == '?') {
            i = comment(i - 1);
            st = State.DATA;
            continue;
          } else {
            st = State.DATA;
            continue;
          }
        }
        case END_TAG_OPEN -> {
          if (isAsciiLetter(c)) {
            beginTag(tagStart, true);
            st = State.TAG_NAME;
            continue;
          }
          if (c == '>') {
            st = State.DATA;
          } else {
            i = bogusComment(tagStart, i);
            st = State.DATA;
            continue;
          }
        }
        case TAG_NAME -> {
          if (isSpace(c)) {
            st = State.BEFORE_ATTR_NAME;
          } else if (c == '/') {
            st = State.SELF_CLOSING;
          } else if (c == '>') {
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          } else if (name.length() < MAX_NAME) {
            name.append(Character.toLowerCase(c));
          }
        }
        case BEFORE_ATTR_NAME -> {
          if (isSpace(c)) {
            break;
          } else if (c == '/') {
            st = State.SELF_CLOSING;
          } else if (c == '>') {
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          } else {
            beginAttribute(i);
            attrName.append(Character.toLowerCase(c));
            st = State.ATTR_NAME;
          }
        }
        case ATTR_NAME -> {
          if (isSpace(c)) {
            st = State.AFTER_ATTR_NAME;
          } else if (c == '/') {
            endAttribute();
            st = State.SELF_CLOSING;
          } else if (c == '=') {
            assigned = true;
            st = State.BEFORE_ATTR_VALUE;
          } else if (c == '>') {
            endAttribute();
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          } else if (attrName.length() < MAX_NAME) {
            attrName.append(Character.toLowerCase(c));
          }
        }
        case AFTER_ATTR_NAME -> {
          if (isSpace(c)) {
            break;
          } else if (c == '=') {
            assigned = true;
            st = State.BEFORE_ATTR_VALUE;
          } else {
            endAttribute();
            st = State.BEFORE_ATTR_NAME;
            continue;
          }
        }
        case BEFORE_ATTR_VALUE -> {
          if (isSpace(c)) {
            break;
          } else if (c == '"') {
            st = State.ATTR_VALUE_DQ;
          } else if (c == '\'') {
            st = State.ATTR_VALUE_SQ;
          } else if (c == '>') {
            endAttribute();
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          } else {
            st = State.ATTR_VALUE_UNQ;
            continue;
          }
        }
        case ATTR_VALUE_DQ, ATTR_VALUE_SQ -> {
          char quote = st == State.ATTR_VALUE_DQ ? '"' : '\'';
          int close = s.indexOf(quote, i);
          int end = close < 0 ? n : close;
          appendValue(i, end);
          i = close < 0 ? n : close + 1;
          endAttribute();
          st = State.AFTER_ATTR_VALUE;
          continue;
        }
        case ATTR_VALUE_UNQ -> {
          if (isSpace(c)) {
            endAttribute();
            st = State.BEFORE_ATTR_NAME;
          } else if (c == '>') {
            endAttribute();
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          } else if (attrValue.length() < MAX_VALUE) {
            attrValue.append(c);
          }
        }
        case AFTER_ATTR_VALUE -> {
          if (isSpace(c)) {
            st = State.BEFORE_ATTR_NAME;
          } else if (c == '/') {
            st = State.SELF_CLOSING;
          } else if (c == '>') {
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          } else {
            st = State.BEFORE_ATTR_NAME;
            continue;
          }
        }
        case SELF_CLOSING -> {
          if (c == '>') {
            i = emitTag(i + 1, true);
            st = State.DATA;
            continue;
          }
          st = State.BEFORE_ATTR_NAME;
          continue;
        }
      }
      i++;
    }
    if (inTag(st) && out.size() < MAX_TOKENS) {
      // Unterminated: the page's own next ">" would end the tag.
      endAttribute();
      emitTag(n, false);
    }
  }

  private static boolean inTag(State st) {
    return st != State.DATA && st != State.TAG_OPEN && st != State.END_TAG_OPEN;
  }

  private void beginTag(int start, boolean end) {
    name.setLength(0);
    attrs = new ArrayList<>();
    endTag = end;
    synthetic = false;
    inAttribute = false;
    tagStart = start;
  }

  private void beginAttribute(int start) {
    endAttribute();
    attrName.setLength(0);
    attrValue.setLength(0);
    attrStart = start;
    inAttribute = true;
    assigned = false;
  }

  private void appendValue(int from, int to) {
    int room = MAX_VALUE - attrValue.length();
    if (room > 0) {
      attrValue.append(s, from, Math.min(to, from + room));
    }
  }

  private void endAttribute() {
    if (!inAttribute) {
      return;
    }
    inAttribute = false;
    if (attrName.length() == 0) {
      // Only the attribute the value was placed in has no name: not the attacker's.
      return;
    }
    if (attrs.size() < MAX_ATTRIBUTES) {
      attrs.add(
          new HtmlToken.Attribute(attrName.toString(), attrValue.toString(), attrStart, assigned));
    }
  }

  /** Emits the current tag and, for raw-text elements, their text; returns where to go on. */
  private int emitTag(int next, boolean complete) {
    endAttribute();
    String tag = synthetic ? "" : name.toString();
    if (endTag) {
      out.add(new HtmlToken.EndTag(tag, tagStart));
      return next;
    }
    out.add(new HtmlToken.StartTag(tag, List.copyOf(attrs), tagStart, complete));
    synthetic = false;
    if (complete && RAW_TEXT.contains(tag)) {
      int close = indexOfEndTag(tag, next);
      int end = close < 0 ? n : close;
      out.add(new HtmlToken.RawText(tag, s.substring(next, Math.min(end, next + MAX_VALUE)), next));
      return end;
    }
    return next;
  }

  private int indexOfEndTag(String tag, int from) {
    int i = from;
    while (true) {
      int lt = s.indexOf("</", i);
      if (lt < 0) {
        return -1;
      }
      if (s.regionMatches(true, lt + 2, tag, 0, tag.length())) {
        return lt;
      }
      i = lt + 2;
    }
  }

  /** {@code <!--...-->}, {@code <!...>} or {@code <?...>} starting at {@code lt}. */
  private int comment(int lt) {
    if (s.startsWith("<!--", lt)) {
      int close = s.indexOf("-->", lt + 4);
      int end = close < 0 ? n : close;
      out.add(new HtmlToken.Comment(s.substring(lt + 4, Math.min(end, lt + 4 + MAX_VALUE)), lt));
      return close < 0 ? n : close + 3;
    }
    return bogusComment(lt, lt + 2);
  }

  private int bogusComment(int lt, int from) {
    int close = s.indexOf('>', from);
    int end = close < 0 ? n : close;
    out.add(new HtmlToken.Comment(s.substring(from, Math.min(end, from + MAX_VALUE)), lt));
    return close < 0 ? n : close + 1;
  }

  static @Nullable String attribute(HtmlToken.StartTag tag, String name) {
    for (HtmlToken.Attribute a : tag.attributes()) {
      if (a.name().equals(name)) {
        return a.value();
      }
    }
    return null;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isAsciiLetter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }
}
