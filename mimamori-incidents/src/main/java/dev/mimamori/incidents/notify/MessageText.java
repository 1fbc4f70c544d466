package dev.mimamori.incidents.notify;

import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The words of one notification, in Japanese or English, shared by every channel. Values are raw
 * text (not escaped for any format) but already one line each ({@link Sanitize#oneLine}) and
 * clipped, so no field can add lines or grow a message without bound; each channel escapes them for
 * its own markup. Labels and headlines are mimamori's own text.
 *
 * @param japanese whether the words are Japanese (else English)
 * @param summary one line: what happened, the title, the severity and the shop
 * @param headline what happened, e.g. "New incident" or 「新しいインシデント」
 * @param fields severity, shop, title, status, alert count, first and last seen, incident, tenant
 * @param observablesLabel the heading of the observables list
 * @param observables up to {@link #MAX_OBSERVABLES}: label = the kind (IP, URL...), value = it
 * @param moreObservables e.g. "… and 4 more" when there were more, or null
 * @param note mimamori's extra line, when there is one
 * @param ack the acknowledge link (label, URL), when there is one
 */
public record MessageText(
    boolean japanese,
    String summary,
    String headline,
    List<Field> fields,
    String observablesLabel,
    List<Field> observables,
    @Nullable String moreObservables,
    @Nullable Field note,
    @Nullable Field ack) {

  /** A label (mimamori's words) and a value (one line, possibly from an attacker). */
  public record Field(String label, String value) {}

  public static final int MAX_OBSERVABLES = 10;
  static final int MAX_TITLE = 300;
  static final int MAX_SUMMARY_TITLE = 150;
  static final int MAX_NAME = 100;
  static final int MAX_OBSERVABLE = 200;
  static final int MAX_NOTE = 500;

  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter JST_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(JST);

  public MessageText {
    fields = List.copyOf(fields);
    observables = List.copyOf(observables);
  }

  /** The text of a notification in its locale (Japanese for {@code ja}, English otherwise). */
  public static MessageText of(Notification n) {
    return n.japanese() ? japanese(n) : english(n);
  }

  /** The incident's title (one line, clipped), the third of {@link #fields()}. */
  public String title() {
    return fields.get(2).value();
  }

  /** {@code [mimamori] } and the summary: an e-mail subject. */
  public String subject() {
    return "[mimamori] " + summary;
  }

  /** The plain-text message: the headline, a blank line, then {@link #details()}. */
  public String body() {
    return headline + "\n\n" + details();
  }

  /** Everything below the headline, as plain text lines ({@code "\n"}-separated, none after). */
  public String details() {
    StringBuilder b = new StringBuilder();
    for (Field f : fields) {
      b.append(f.label()).append(separator()).append(f.value()).append('\n');
    }
    if (!observables.isEmpty()) {
      b.append('\n').append(observablesLabel).append('\n');
      for (Field o : observables) {
        b.append("- ").append(o.label()).append(separator()).append(o.value()).append('\n');
      }
      if (moreObservables != null) {
        b.append(moreObservables).append('\n');
      }
    }
    if (note != null) {
      b.append('\n').append(note.label()).append(separator()).append(note.value()).append('\n');
    }
    if (ack != null) {
      b.append('\n').append(ack.label()).append(separator()).append(ack.value()).append('\n');
    }
    b.setLength(b.length() - 1);
    return b.toString();
  }

  /** Between a label and its value: {@code "："} in Japanese, {@code ": "} in English. */
  public String separator() {
    return japanese ? "：" : ": ";
  }

  private static MessageText english(Notification n) {
    Incident i = n.incident();
    String headline =
        switch (n.kind()) {
          case INCIDENT_OPENED -> "New incident";
          case INCIDENT_ESCALATED -> "Incident escalated";
          case PAGE -> "Page: please acknowledge this incident";
          case STATUS_CHANGED -> "Incident " + englishStatus(i.status());
          case SUMMARY -> "Summary of alerts";
          case REPORT -> "Monthly report";
        };
    String summary =
        headline
            + ": "
            + clip(i.title(), MAX_SUMMARY_TITLE)
            + " ("
            + i.severity().label()
            + ", "
            + clip(i.asset(), MAX_NAME)
            + ")";
    List<Field> fields =
        List.of(
            new Field("Severity", i.severity().label()),
            new Field("Shop", clip(i.asset(), MAX_NAME)),
            new Field("Title", clip(i.title(), MAX_TITLE)),
            new Field("Status", englishStatus(i.status())),
            new Field("Alerts", Integer.toString(i.alertCount())),
            new Field("First seen", utc(i.firstSeen())),
            new Field("Last seen", utc(i.lastSeen())),
            new Field("Incident", clip(i.id(), MAX_NAME)),
            new Field("Tenant", clip(i.tenant(), MAX_NAME)));
    int more = i.observables().size() - MAX_OBSERVABLES;
    return new MessageText(
        false,
        Sanitize.oneLine(summary),
        headline,
        fields,
        "Observables",
        observables(i, false),
        more > 0 ? "… and " + more + " more" : null,
        n.note() == null ? null : new Field("Note", clip(n.note(), MAX_NOTE)),
        n.ackUrl() == null ? null : new Field("Acknowledge", Sanitize.oneLine(n.ackUrl())));
  }

  private static MessageText japanese(Notification n) {
    Incident i = n.incident();
    String headline =
        switch (n.kind()) {
          case INCIDENT_OPENED -> "新しいインシデント";
          case INCIDENT_ESCALATED -> "インシデントがエスカレートしました";
          case PAGE -> "呼び出し：このインシデントの確認をお願いします";
          case STATUS_CHANGED -> "インシデントの状態が「" + japaneseStatus(i.status()) + "」になりました";
          case SUMMARY -> "アラートのまとめ";
          case REPORT -> "月次のセキュリティレポート";
        };
    String summary =
        headline
            + "："
            + clip(i.title(), MAX_SUMMARY_TITLE)
            + "（重大度："
            + japaneseSeverity(i.severity())
            + "、"
            + clip(i.asset(), MAX_NAME)
            + "）";
    List<Field> fields =
        List.of(
            new Field("重大度", japaneseSeverity(i.severity()) + " (" + i.severity().label() + ")"),
            new Field("ショップ", clip(i.asset(), MAX_NAME)),
            new Field("タイトル", clip(i.title(), MAX_TITLE)),
            new Field("状態", japaneseStatus(i.status())),
            new Field("アラート件数", i.alertCount() + "件"),
            new Field("初回検知", jst(i.firstSeen())),
            new Field("最終検知", jst(i.lastSeen())),
            new Field("インシデントID", clip(i.id(), MAX_NAME)),
            new Field("テナント", clip(i.tenant(), MAX_NAME)));
    int more = i.observables().size() - MAX_OBSERVABLES;
    return new MessageText(
        true,
        Sanitize.oneLine(summary),
        headline,
        fields,
        "関連する痕跡（IPアドレス・URL・ファイルなど）",
        observables(i, true),
        more > 0 ? "ほか" + more + "件" : null,
        n.note() == null ? null : new Field("補足", clip(n.note(), MAX_NOTE)),
        n.ackUrl() == null ? null : new Field("確認（アクノリッジ）する", Sanitize.oneLine(n.ackUrl())));
  }

  private static List<Field> observables(Incident i, boolean japanese) {
    List<Field> out = new ArrayList<>();
    for (Observable o : i.observables()) {
      if (out.size() == MAX_OBSERVABLES) {
        break;
      }
      out.add(new Field(observableType(o.type(), japanese), clip(o.value(), MAX_OBSERVABLE)));
    }
    return out;
  }

  private static String observableType(Observable.Type t, boolean japanese) {
    if (!japanese) {
      return switch (t) {
        case IP -> "IP";
        case URL -> "URL";
        case FILE_PATH -> "File";
        case HASH -> "Hash";
        case USER -> "User";
        case DOMAIN -> "Domain";
        case USER_AGENT -> "User agent";
        case SESSION -> "Session";
      };
    }
    return switch (t) {
      case IP -> "IPアドレス";
      case URL -> "URL";
      case FILE_PATH -> "ファイル";
      case HASH -> "ハッシュ";
      case USER -> "ユーザー";
      case DOMAIN -> "ドメイン";
      case USER_AGENT -> "ユーザーエージェント";
      case SESSION -> "セッション";
    };
  }

  private static String englishStatus(IncidentStatus s) {
    return switch (s) {
      case NEW -> "new";
      case ACKNOWLEDGED -> "acknowledged";
      case CONTAINED -> "contained";
      case RESOLVED -> "resolved";
      case FALSE_POSITIVE -> "marked as a false positive";
    };
  }

  private static String japaneseStatus(IncidentStatus s) {
    return switch (s) {
      case NEW -> "新規";
      case ACKNOWLEDGED -> "確認済み";
      case CONTAINED -> "封じ込め済み";
      case RESOLVED -> "解決済み";
      case FALSE_POSITIVE -> "誤検知";
    };
  }

  static String japaneseSeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "緊急";
      case HIGH -> "高";
      case MEDIUM -> "中";
      case LOW -> "低";
      case INFO -> "情報";
    };
  }

  /** ISO-8601 in UTC, to the second: {@code 2026-11-19T18:00:00Z}. */
  static String utc(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Japan time first, UTC after: {@code 2026-11-20 03:00:00 JST (2026-11-19T18:00:00Z)}. */
  static String jst(Instant t) {
    return JST_FORMAT.format(t) + " (" + utc(t) + ")";
  }

  private static String clip(String s, int max) {
    return Sanitize.clip(Sanitize.oneLine(s), max);
  }
}
