package dev.mimamori.server.console;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.User;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every page template gets: texts in the chosen language, who is logged in (and their role,
 * for the navigation), the CSRF token for its forms, the current path with its query (for the
 * language and time zone switches), and the reader's time zone.
 *
 * @param path the page's path and query, without {@code lang} and {@code tz}
 * @param zone dates are shown in it
 * @param role the logged-in user's role, or null (then only the common sections are linked)
 */
public record View(
    Messages messages,
    @Nullable String username,
    String csrfToken,
    String path,
    Map<String, String> japaneseTitles,
    ZoneId zone,
    @Nullable String role) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter ZONE_TEXT = DateTimeFormatter.ofPattern("zzz", Locale.US);
  private static final DateTimeFormatter LOCAL_INPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT);

  /** Tokyo for Japanese readers, UTC for the others. */
  public static final ZoneId JST = ZoneId.of("Asia/Tokyo");

  /** A page without a role (login, errors): dates in the language's default zone. */
  public View(
      Messages messages,
      @Nullable String username,
      String csrfToken,
      String path,
      Map<String, String> japaneseTitles) {
    this(messages, username, csrfToken, path, japaneseTitles, defaultZone(messages.lang()), null);
  }

  /** The zone dates are shown in when the reader chose none. */
  public static ZoneId defaultZone(String lang) {
    return "ja".equals(lang) ? JST : ZoneId.of("UTC");
  }

  /** A section of the console in the navigation. */
  public record NavItem(String href, String labelKey) {}

  private static final List<NavItem> COMMON =
      List.of(
          new NavItem("/dashboard", "nav.dashboard"),
          new NavItem("/incidents", "nav.incidents"),
          new NavItem("/alerts", "nav.alerts"),
          new NavItem("/events", "nav.events"),
          new NavItem("/files", "nav.files"),
          new NavItem("/storefront", "nav.storefront"),
          new NavItem("/vulnerabilities", "nav.vulnerabilities"),
          new NavItem("/monitors", "nav.monitors"),
          new NavItem("/agents", "nav.agents"));
  private static final List<NavItem> RESPONDERS =
      List.of(
          new NavItem("/rules", "nav.rules"),
          new NavItem("/oncall", "nav.oncall"),
          new NavItem("/sites", "nav.sites"));
  private static final List<NavItem> ADMINS =
      List.of(
          new NavItem("/channels", "nav.channels"),
          new NavItem("/tenants", "nav.tenants"),
          new NavItem("/users", "nav.users"),
          new NavItem("/audit", "nav.audit"));

  /**
   * The sections this reader's role opens: everyone reads incidents, alerts, events and file
   * changes; analysts and admins also rules, on-call and sites; admins the administration.
   */
  public List<NavItem> nav() {
    if (role == null) {
      return List.of();
    }
    List<NavItem> out = new java.util.ArrayList<>(COMMON);
    if (User.ADMIN.equals(role) || User.ANALYST.equals(role)) {
      out.addAll(RESPONDERS);
    }
    if (User.ADMIN.equals(role)) {
      out.addAll(ADMINS);
    }
    return out;
  }

  /** Whether the page at {@code href} is (under) the current one, for the navigation's mark. */
  public boolean current(String href) {
    String p = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
    return p.equals(href) || p.startsWith(href + "/");
  }

  public String lang() {
    return messages.lang();
  }

  public String t(String key) {
    return messages.t(key);
  }

  public String t(String key, Object... args) {
    return messages.t(key, args);
  }

  /** A date and time in the reader's zone, with the zone's abbreviation (JST, UTC). */
  public String time(Instant i) {
    return TIME.withZone(zone).format(i) + " " + zoneLabel(zone, i);
  }

  /** A time as a {@code datetime-local} input's value, in the reader's zone. */
  public String inputTime(@Nullable Instant i) {
    return i == null ? "" : LOCAL_INPUT.withZone(zone).format(i);
  }

  /** The reader's zone's short name, e.g. {@code JST}. */
  public String zoneName() {
    return zoneLabel(zone, Instant.now());
  }

  /**
   * A zone's abbreviation at an instant. Tokyo's and UTC's, the zones of the console's two
   * languages, are fixed: the JDK's locale data gave "JST" up to 17 and "GMT+09:00" from 23 on. Any
   * other zone reads as US English names it ({@code EST}), or as its offset where there is no name.
   */
  static String zoneLabel(ZoneId zone, Instant at) {
    if (zone.normalized().equals(java.time.ZoneOffset.UTC)) {
      return "UTC";
    }
    if (zone.getId().equals("Asia/Tokyo") || zone.getId().equals("Japan")) {
      return "JST";
    }
    return ZONE_TEXT.withZone(zone).format(at);
  }

  /** The link that shows this page in another language. */
  public String langLink(String lang) {
    return path + (path.indexOf('?') < 0 ? "?" : "&") + "lang=" + lang;
  }

  /** The link that shows this page's dates in another zone. */
  public String tzLink(String tz) {
    return path
        + (path.indexOf('?') < 0 ? "?" : "&")
        + "tz="
        + java.net.URLEncoder.encode(tz, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Whether the reader sees dates in this zone. */
  public boolean inZone(String tz) {
    return zone.getId().equals(tz);
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
