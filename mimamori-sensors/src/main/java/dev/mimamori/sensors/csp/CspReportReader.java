package dev.mimamori.sensors.csp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.sensors.parse.CardMasker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a report request's body: CSP level 2 {@code report-uri} ({@code application/csp-report},
 * one {@code {"csp-report":{...}}}) and the Reporting API ({@code application/reports+json}, an
 * array of reports of which those of type {@code csp-violation} are taken); {@code
 * application/json} may carry either. Unknown fields are ignored, texts are clipped, card numbers
 * masked. In the Reporting API a report that lacks its URL or directive is skipped (a browser
 * batches unrelated reports); a {@code report-uri} body without them is refused.
 */
public final class CspReportReader {
  /** Largest body read; the server refuses larger ones before they get here. */
  public static final int MAX_BODY = 64 * 1024;

  /** Most reports taken from one Reporting API batch; the rest are ignored. */
  public static final int MAX_REPORTS = 100;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(8)
                      .maxStringLength(MAX_BODY)
                      .maxNameLength(256)
                      .maxNumberLength(32)
                      .build())
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  /** What a body gave. */
  public sealed interface Result {
    /** The reports read (possibly none: a batch of other report types). */
    record Reports(List<CspReport> reports) implements Result {
      public Reports {
        reports = List.copyOf(reports);
      }
    }

    /** The body is not a report; {@code reason} says why (safe to show: no input echoed). */
    record Refused(String reason, boolean unsupportedType) implements Result {}
  }

  private CspReportReader() {}

  /** Reads a body sent with the given {@code Content-Type} (parameters such as charset ignored). */
  public static Result read(String body, @Nullable String contentType) {
    String type = mediaType(contentType);
    if (!type.equals("application/csp-report")
        && !type.equals("application/reports+json")
        && !type.equals("application/json")) {
      return new Result.Refused(
          "expected application/csp-report, application/reports+json or application/json", true);
    }
    if (body.length() > MAX_BODY) {
      return new Result.Refused("body larger than " + MAX_BODY / 1024 + " KiB", false);
    }
    JsonNode root;
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      root = JSON.readTree(p);
      if (root != null && p.nextToken() != null) {
        return new Result.Refused("text after the JSON value", false);
      }
    } catch (IOException e) {
      return new Result.Refused("malformed JSON", false);
    }
    if (root == null) {
      return new Result.Refused("empty body", false);
    }
    if (root.isArray() && !type.equals("application/csp-report")) {
      return reportingApi(root);
    }
    if (root.isObject() && root.has("csp-report") && !type.equals("application/reports+json")) {
      return level2(root.get("csp-report"));
    }
    return new Result.Refused(
        type.equals("application/reports+json")
            ? "expected a JSON array of reports"
            : "expected {\"csp-report\": {...}}",
        false);
  }

  private static Result level2(JsonNode r) {
    if (!r.isObject()) {
      return new Result.Refused("csp-report is not an object", false);
    }
    String document = text(r.get("document-uri"));
    if (document == null) {
      return new Result.Refused("no document-uri", false);
    }
    String directive =
        directive(text(r.get("effective-directive")), text(r.get("violated-directive")));
    if (directive == null) {
      return new Result.Refused("no violated-directive or effective-directive", false);
    }
    return new Result.Reports(
        List.of(
            new CspReport(
                document,
                text(r.get("blocked-uri")),
                directive,
                disposition(text(r.get("disposition"))),
                text(r.get("source-file")),
                number(r.get("line-number")),
                text(r.get("script-sample")),
                text(r.get("referrer")),
                number(r.get("status-code")))));
  }

  private static Result reportingApi(JsonNode array) {
    List<CspReport> out = new ArrayList<>();
    for (JsonNode item : array) {
      if (out.size() == MAX_REPORTS) {
        break;
      }
      if (!item.isObject() || !"csp-violation".equals(text(item.get("type")))) {
        continue;
      }
      JsonNode body = item.path("body");
      String document = text(body.get("documentURL"));
      if (document == null) {
        document = text(item.get("url"));
      }
      String directive =
          directive(text(body.get("effectiveDirective")), text(body.get("violatedDirective")));
      if (document == null || directive == null) {
        continue;
      }
      out.add(
          new CspReport(
              document,
              text(body.get("blockedURL")),
              directive,
              disposition(text(body.get("disposition"))),
              text(body.get("sourceFile")),
              number(body.get("lineNumber")),
              text(body.get("sample")),
              text(body.get("referrer")),
              number(body.get("statusCode"))));
    }
    return new Result.Reports(out);
  }

  /** The effective directive, else the violated one's name (CSP 2 sent the whole directive). */
  private static @Nullable String directive(@Nullable String effective, @Nullable String violated) {
    String d = effective != null ? effective : violated;
    if (d == null) {
      return null;
    }
    int space = d.indexOf(' ');
    d = (space > 0 ? d.substring(0, space) : d).toLowerCase(Locale.ROOT);
    return d.matches("[a-z0-9-]{1,64}") ? d : null;
  }

  /** {@code report} for report-only policies; {@code enforce} otherwise (CSP 2 sent none). */
  private static String disposition(@Nullable String d) {
    return "report".equals(d) ? "report" : "enforce";
  }

  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi >= 0 ? contentType.substring(0, semi) : contentType)
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static @Nullable Integer number(@Nullable JsonNode n) {
    if (n != null && n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0) {
      return n.intValue();
    }
    return null;
  }

  /** A scalar's text, card numbers masked, clipped; null for absent, empty or non-scalar. */
  static @Nullable String text(@Nullable JsonNode n) {
    if (n == null || !n.isValueNode() || n.isNull()) {
      return null;
    }
    String t = n.asText();
    if (t.isEmpty()) {
      return null;
    }
    return clip(CardMasker.mask(t));
  }

  static String clip(String t) {
    return t.length() > CspReport.MAX_TEXT ? t.substring(0, CspReport.MAX_TEXT) + "…" : t;
  }
}
