package dev.mimamori.server.report;

import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the report template gets: the report, its words, dates in its time zone, and the charts as
 * CSS classes (bars sized by class, never by a style attribute, so the strict CSP holds and the PDF
 * draws the same bars).
 *
 * @param report the month
 * @param texts its words
 * @param japaneseTitles the built-in rules' Japanese titles by English title
 * @param embeddedCss the style sheet to put into the page (the PDF), or null to link it (browser)
 */
public record ReportView(
    MonthlyReport report,
    ReportTexts texts,
    Map<String, String> japaneseTitles,
    @Nullable String embeddedCss) {

  /** A bar of the per-day histogram: its day, count, and height class {@code h-0}…{@code h-100}. */
  public record DayBar(int day, long count, String heightClass) {}

  /** A bar of the severity chart: severity, count, and width class {@code w-0}…{@code w-100}. */
  public record SeverityBar(Severity severity, long count, String widthClass) {}

  public String lang() {
    return report.language().tag();
  }

  public String t(String key) {
    return texts.t(key);
  }

  public String t(String key, Object... args) {
    return texts.t(key, args);
  }

  /** The month as its readers write it: {@code 2026年11月}, {@code November 2026}. */
  public String monthLabel() {
    return DateTimeFormatter.ofPattern(t("report.month.pattern"), report.language().locale())
        .format(report.month().month());
  }

  /** A time in the report's zone, e.g. {@code 2026-11-21 14:32 JST}. */
  public String time(Instant at) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(report.language().zone())
            .format(at)
        + " "
        + zoneName();
  }

  /** A time, or the text for none. */
  public String timeOr(@Nullable Instant at, String key) {
    return at == null ? t(key) : time(at);
  }

  /** A date in the report's zone. */
  public String date(Instant at) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(report.language().zone()).format(at);
  }

  public String zoneName() {
    return report.language() == ReportLanguage.JA ? "JST" : "UTC";
  }

  /** The last instant of the month, for "period: from to". */
  public Instant monthEnd() {
    return report.month().end(report.language().zone()).minusSeconds(1);
  }

  public Instant monthStart() {
    return report.month().start(report.language().zone());
  }

  public String severity(Severity s) {
    return t("severity." + s.label());
  }

  public String status(IncidentStatus s) {
    return t("status." + s.label());
  }

  public String stage(int stage) {
    return stage >= 0 && stage <= 7 ? t("chain.stage." + stage) : Integer.toString(stage);
  }

  /** The incident's title ({@code "<rule title> on <shop>"}) in the report's language. */
  public String title(MonthlyReport.TopIncident i) {
    String suffix = " on " + i.asset();
    if (report.language() != ReportLanguage.JA || !i.title().endsWith(suffix)) {
      return i.title();
    }
    String ja = japaneseTitles.get(i.title().substring(0, i.title().length() - suffix.length()));
    return ja == null ? i.title() : ja + "（" + i.asset() + "）";
  }

  public List<DayBar> perDay() {
    List<Long> days = report.incidents().perDay();
    long max = days.stream().mapToLong(Long::longValue).max().orElse(0);
    List<DayBar> out = new ArrayList<>(days.size());
    for (int i = 0; i < days.size(); i++) {
      out.add(new DayBar(i + 1, days.get(i), "h-" + percent(days.get(i), max)));
    }
    return out;
  }

  public List<SeverityBar> bySeverity() {
    Map<Severity, Long> counts = report.incidents().bySeverity();
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<SeverityBar> out = new ArrayList<>();
    counts.forEach((s, n) -> out.add(new SeverityBar(s, n, "w-" + percent(n, max))));
    return out;
  }

  /** {@code n} as a share of {@code max} in whole percent; a count above zero shows at least 2. */
  static int percent(long n, long max) {
    if (n <= 0 || max <= 0) {
      return 0;
    }
    return (int) Math.max(2, Math.min(100, Math.round(100.0 * n / max)));
  }

  /** How many rows a table left out. */
  public long more(long total, int shown) {
    return Math.max(0, total - shown);
  }
}
