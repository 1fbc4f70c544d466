package dev.mimamori.server.console;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every page template gets: texts in the chosen language, who is logged in, the CSRF token for
 * its forms, and the current path (for the language switch).
 */
public record View(
    Messages messages,
    @Nullable String username,
    String csrfToken,
    String path,
    Map<String, String> japaneseTitles) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  public String lang() {
    return messages.lang();
  }

  public String t(String key) {
    return messages.t(key);
  }

  public String t(String key, Object... args) {
    return messages.t(key, args);
  }

  public String time(Instant i) {
    return TIME.format(i);
  }

  /** The link that shows this page in another language. */
  public String langLink(String lang) {
    return path + "?lang=" + lang;
  }

  /** The alert's title in the reader's language (rules carry an English and a Japanese title). */
  public String alertTitle(Alert a) {
    if (!"ja".equals(lang())) {
      return a.title();
    }
    return japaneseTitles.getOrDefault(a.title(), a.title());
  }

  /** The incident's title ({@code "<rule title> on <shop>"}) in the reader's language. */
  public String incidentTitle(Incident i) {
    String suffix = " on " + i.asset();
    if (!"ja".equals(lang()) || !i.title().endsWith(suffix)) {
      return i.title();
    }
    String ja = japaneseTitles.get(i.title().substring(0, i.title().length() - suffix.length()));
    return ja == null ? i.title() : ja + "（" + i.asset() + "）";
  }

  /**
   * A timeline line in the reader's language: alert entries are written from their alert, other
   * entries as stored.
   */
  private static final java.util.regex.Pattern CHAIN_STAGE =
      java.util.regex.Pattern.compile("stage ([1-7]):");

  public String timelineText(TimelineEntry e, Map<String, Alert> alertsById) {
    if ("chain".equals(e.kind()) && "ja".equals(lang())) {
      var m = CHAIN_STAGE.matcher(e.text());
      return m.find() ? t("timeline.chain", m.group(1), t("chain.stage." + m.group(1))) : e.text();
    }
    Alert a = e.alertId() == null ? null : alertsById.get(e.alertId());
    if (a == null || !"alert".equals(e.kind()) || !"ja".equals(lang())) {
      return e.text();
    }
    String from = a.sourceIp() == null ? "" : t("timeline.from", a.sourceIp());
    return "[" + t("severity." + a.severity().label()) + "] " + alertTitle(a) + from;
  }
}
