package dev.mimamori.detect.web;

import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The web-attack analyzers behind one call: a value, a query parameter, or the request parts of an
 * access-log event. At most one finding per attack class per value. The work is bounded: each part
 * is cut at {@value #MAX_PART} characters, at most {@value #MAX_PARAMETERS} query parameters are
 * read, and every analyzer is linear in what it reads. Nothing here throws on any input.
 */
public final class WebAttackAnalyzer {
  public static final int MAX_PART = 64 * 1024;
  public static final int MAX_PARAMETERS = 64;

  /**
   * The findings of one part of a request.
   *
   * @param part {@code url.path}, {@code url.query:NAME}, {@code user_agent.original} or {@code
   *     http.request.referrer}
   */
  public record PartFindings(String part, List<Finding> findings) {}

  private WebAttackAnalyzer() {}

  /** Findings for a value of unknown origin, read like a query-string value. */
  public static List<Finding> analyze(String value) {
    return analyze(value, null, WebValue.Source.PARAMETER);
  }

  /** Findings for one query or form parameter; its name makes remote URLs an inclusion or not. */
  public static List<Finding> analyzeParameter(String name, String value) {
    return analyze(value, name, WebValue.Source.PARAMETER);
  }

  /** Findings for the request parts of an access-log event, only the parts that have some. */
  public static List<PartFindings> analyze(Event event) {
    List<PartFindings> out = List.of(); // most requests have none: no list, no part names
    String original = event.urlOriginal();
    String path = event.urlPath();
    String query = event.urlQuery();
    if (original != null) {
      int q = original.indexOf('?');
      if (path == null) {
        path = q < 0 ? original : original.substring(0, q);
      }
      if (query == null && q >= 0) {
        query = original.substring(q + 1);
      }
    }
    if (path != null) {
      out = add(out, "url.path", null, analyze(path, null, WebValue.Source.PATH));
    }
    if (query != null) {
      for (String[] p : parameters(cut(query))) {
        out = add(out, "url.query:", p[0], analyze(p[1], p[0], WebValue.Source.PARAMETER));
        if (unusualName(p[0])) {
          out =
              add(
                  out,
                  "url.query:" + p[0],
                  " (name)",
                  analyze(p[0], null, WebValue.Source.PARAMETER));
        }
      }
    }
    String body = event.field(BODY);
    if (body != null && !body.isEmpty()) {
      if (formEncoded(body)) {
        for (String[] p : parameters(cut(body))) {
          out = add(out, BODY + ":", p[0], analyze(p[1], p[0], WebValue.Source.PARAMETER));
        }
      } else {
        out = add(out, BODY, null, analyze(body, null, WebValue.Source.PARAMETER));
      }
    }
    String ua = event.userAgent();
    if (ua != null) {
      out = add(out, "user_agent.original", null, analyze(ua, null, WebValue.Source.HEADER));
    }
    String referrer = event.referrer();
    if (referrer != null) {
      out =
          add(
              out,
              "http.request.referrer",
              null,
              analyze(referrer, null, WebValue.Source.REFERRER));
    }
    return out;
  }

  /** The request body, when a sensor logs it (nginx {@code $request_body}). */
  public static final String BODY = "http.request.body.content";

  /** {@code name=value&...} as an HTML form posts it, not JSON or XML. */
  static boolean formEncoded(String body) {
    char c = body.charAt(0);
    return c != '{' && c != '[' && c != '<' && body.indexOf('=') > 0;
  }

  /** The part's name is {@code part} then {@code suffix}, joined only when it has findings. */
  private static List<PartFindings> add(
      List<PartFindings> out, String part, @Nullable String suffix, List<Finding> findings) {
    if (findings.isEmpty()) {
      return out;
    }
    List<PartFindings> list = out.isEmpty() ? new ArrayList<>(2) : out;
    list.add(new PartFindings(suffix == null ? part : part + suffix, findings));
    return list;
  }

  static List<Finding> analyze(String raw, @Nullable String parameter, WebValue.Source source) {
    String part = cut(raw);
    if (part.isEmpty()) {
      return List.of();
    }
    // A user agent, referrer or path comes back with every request of a visitor, page or asset:
    // looking it up (its hash, kept in the string for the Sigma prefilter's lookup of the same
    // path, and an equals) is cheaper than the gate's pass over its characters, so its verdict is
    // kept even when the gate lets it by. Parameters vary more: they are looked up only once the
    // gate found them worth a look.
    boolean repeats = source != WebValue.Source.PARAMETER;
    FindingsCache cache = null;
    if (repeats) {
      cache = FindingsCache.mine();
      List<Finding> known = cache.get(part, parameter, source);
      if (known != null) {
        return known;
      }
    }
    if (!Gate.worthAnalyzing(part, source)) {
      if (cache != null) {
        cache.put(part, parameter, source, List.of());
      }
      return List.of();
    }
    if (cache == null) {
      cache = FindingsCache.mine();
      List<Finding> known = cache.get(part, parameter, source);
      if (known != null) {
        return known;
      }
    }
    List<Finding> found = analyzeFully(part, parameter, source);
    cache.put(part, parameter, source, found);
    return found;
  }

  /** Every check on a value that passed the gate, without the cache (tests compare the two). */
  static List<Finding> analyzeFully(
      String part, @Nullable String parameter, WebValue.Source source) {
    List<Finding> out = new ArrayList<>(2);
    try {
      WebValue value = WebValue.of(part, parameter, source);
      Set<String> seen = new HashSet<>();
      for (ValueCheck check : ValueCheck.ALL) {
        for (Finding f : check.check(value)) {
          if (seen.add(f.attackClass())) {
            out.add(f);
          }
        }
      }
    } catch (RuntimeException e) {
      // A defect in one analyzer must not stop the pipeline; the value goes unjudged.
      return List.copyOf(out);
    }
    return List.copyOf(out);
  }

  /**
   * The query's parameters as {@code [name, raw value]}, at most {@value #MAX_PARAMETERS}; the name
   * percent-decoded, the value left for {@link WebDecoder}. A part without {@code =} is a value
   * with an empty name ({@code ?<script>}).
   */
  static List<String[]> parameters(String query) {
    List<String[]> out = new ArrayList<>();
    int i = 0;
    int n = query.length();
    int hash = query.indexOf('#');
    if (hash >= 0) {
      n = hash;
    }
    while (i <= n && out.size() < MAX_PARAMETERS) {
      int amp = query.indexOf('&', i);
      int end = amp < 0 || amp > n ? n : amp;
      if (end > i) {
        int eq = query.indexOf('=', i);
        if (eq < 0 || eq > end) {
          out.add(new String[] {"", query.substring(i, end)});
        } else {
          String name = WebDecoder.percentDecode(query.substring(i, eq), true);
          out.add(new String[] {name, query.substring(eq + 1, end)});
        }
      }
      i = end + 1;
    }
    return out;
  }

  private static boolean unusualName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '[' || c == ']';
      if (!plain) {
        return true;
      }
    }
    return false;
  }

  private static String cut(String s) {
    return s.length() > MAX_PART ? s.substring(0, MAX_PART) : s;
  }
}
