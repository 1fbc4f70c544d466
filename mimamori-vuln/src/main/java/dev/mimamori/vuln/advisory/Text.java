package dev.mimamori.vuln.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers shared by the parsers: tolerant JSON access, ids found in URLs, clean text. */
final class Text {
  static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,9}");
  static final Pattern GHSA = Pattern.compile("GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}");
  private static final Pattern JVN_URL =
      Pattern.compile(
          "jvn\\.jp/(?:en/)?(jp|vu|ta)/JVN(?:VU|TA)?(\\d{1,12})", Pattern.CASE_INSENSITIVE);
  private static final Pattern JVN_ID =
      Pattern.compile("JVN(?:VU|TA)?#\\d{1,12}|JVNDB-\\d{4}-\\d{1,9}");
  private static final Pattern TAG = Pattern.compile("<[^<>]{0,200}>");

  private Text() {}

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isValueNode() ? v.asText() : "";
  }

  /** A field that may hold one object or a list of them, as XML-derived JSON does. */
  static List<JsonNode> list(JsonNode n, String field) {
    JsonNode v = n.get(field);
    List<JsonNode> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isArray()) {
      v.forEach(out::add);
    } else {
      out.add(v);
    }
    return out;
  }

  static JsonNode path(JsonNode n, String... fields) {
    JsonNode cur = n;
    for (String f : fields) {
      cur = cur.path(f);
    }
    return cur;
  }

  /** A node's text whether it is a string or an element with a {@code text} field. */
  static String value(JsonNode n) {
    if (n.isValueNode()) {
      return n.asText();
    }
    return text(n, "text");
  }

  /** Advisory ids named by a URL: JVN pages, GitHub advisories, CVE pages. */
  static Set<String> idsInUrl(String url) {
    Set<String> out = new LinkedHashSet<>();
    Matcher j = JVN_URL.matcher(url);
    if (j.find()) {
      String kind = j.group(1).toLowerCase(Locale.ROOT);
      out.add((kind.equals("jp") ? "JVN#" : kind.equals("vu") ? "JVNVU#" : "JVNTA#") + j.group(2));
    }
    addAll(out, GHSA, url);
    addAll(out, CVE, url);
    return out;
  }

  static Set<String> ids(String text) {
    Set<String> out = new LinkedHashSet<>();
    addAll(out, CVE, text);
    addAll(out, GHSA, text);
    addAll(out, JVN_ID, text);
    return out;
  }

  private static void addAll(Set<String> out, Pattern p, String s) {
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
  }

  /** Markup-free text (JVN writes HTML inside its fields). */
  static String plain(String s) {
    return TAG.matcher(s).replaceAll(" ").replaceAll("[ \\t]+", " ").strip();
  }

  static String oneLine(String s, int max) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(max)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return s.codePointCount(0, s.length()) > max ? b + "…" : b.toString();
  }
}
