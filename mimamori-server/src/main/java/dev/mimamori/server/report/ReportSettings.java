package dev.mimamori.server.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.incidents.notify.DocumentChannel;
import dev.mimamori.incidents.notify.Notifier;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code reports} part of the response file ({@code serve --notify}): which e-mail channel
 * carries monthly reports, when the schedule sends last month's, and who receives each tenant's.
 *
 * <pre>
 * "reports": {
 *   "channel": "mail",
 *   "day": 1, "at": "08:00",
 *   "recipients": [{"tenant": "shop-a", "to": ["owner@shop-a.example.jp"], "locale": "ja"}]
 * }
 * </pre>
 *
 * @param channel the e-mail channel's name, or null when reports are not e-mailed
 * @param day the day of the month the schedule sends last month's report (1 to 28)
 * @param at the time of day, in the time zone of each recipient's language (JST, UTC)
 * @param recipients by tenant
 */
public record ReportSettings(
    @Nullable String channel, int day, LocalTime at, Map<String, Recipients> recipients) {

  /** Who receives a tenant's report, and in which language. */
  public record Recipients(String tenant, List<String> to, ReportLanguage language) {
    public Recipients {
      to = List.copyOf(to);
    }
  }

  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int MAX_RECIPIENTS = 20;

  public ReportSettings {
    recipients = Map.copyOf(recipients);
    if (day < 1 || day > 28) {
      throw new IllegalArgumentException("reports.day must be between 1 and 28");
    }
    if (channel == null && !recipients.isEmpty()) {
      throw new IllegalArgumentException("reports.recipients need reports.channel");
    }
  }

  /** No file, or no {@code reports} in it: reports are made on demand, never e-mailed. */
  public static ReportSettings none() {
    return new ReportSettings(null, 1, LocalTime.of(8, 0), Map.of());
  }

  public Optional<Recipients> recipientsOf(String tenant) {
    return Optional.ofNullable(recipients.get(tenant));
  }

  /** The {@code reports} object of a response file read by {@code NotifySettings.readRoot}. */
  public static ReportSettings fromRoot(@Nullable JsonNode root, Map<String, Notifier> channels) {
    JsonNode r = root == null ? null : root.get("reports");
    if (r == null || r.isNull()) {
      return none();
    }
    if (!r.isObject()) {
      throw new IllegalArgumentException("'reports' must be an object");
    }
    String channel = r.hasNonNull("channel") ? r.get("channel").asText() : null;
    if (channel != null) {
      Notifier n = channels.get(channel);
      if (n == null) {
        throw new IllegalArgumentException(
            "reports.channel names the unknown channel '" + channel + "'");
      }
      if (!(n instanceof DocumentChannel)) {
        throw new IllegalArgumentException(
            "reports.channel '" + channel + "' cannot carry a PDF: use an email channel");
      }
    }
    int day = r.path("day").asInt(1);
    if (r.has("day") && !r.get("day").canConvertToInt()) {
      throw new IllegalArgumentException("reports.day must be a number");
    }
    LocalTime at;
    try {
      at = LocalTime.parse(r.path("at").asText("08:00"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("reports.at must be a time of day such as 08:00");
    }
    Map<String, Recipients> byTenant = new LinkedHashMap<>();
    JsonNode list = r.get("recipients");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("reports.recipients must be an array");
      }
      int i = 0;
      for (JsonNode e : list) {
        String where = "reports.recipients[" + i++ + "]";
        String tenant = e.path("tenant").asText("");
        if (!TENANT.matcher(tenant).matches()) {
          throw new IllegalArgumentException(where + ".tenant must be a tenant id");
        }
        if (byTenant.containsKey(tenant)) {
          throw new IllegalArgumentException(where + ": tenant '" + tenant + "' is listed twice");
        }
        List<String> to = new ArrayList<>();
        JsonNode t = e.get("to");
        if (t != null && t.isTextual()) {
          to.add(t.asText());
        } else if (t != null && t.isArray()) {
          t.forEach(a -> to.add(a.asText()));
        }
        if (to.isEmpty() || to.size() > MAX_RECIPIENTS) {
          throw new IllegalArgumentException(
              where + ".to needs 1 to " + MAX_RECIPIENTS + " e-mail addresses");
        }
        for (String address : to) {
          if (!plainAddress(address)) {
            throw new IllegalArgumentException(where + ".to: not a plain e-mail address");
          }
        }
        ReportLanguage language;
        try {
          language = ReportLanguage.parse(e.path("locale").asText("ja"));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(where + ".locale must be ja or en");
        }
        byTenant.put(tenant, new Recipients(tenant, to, language));
      }
    }
    return new ReportSettings(channel, day, at, byTenant);
  }

  private static boolean plainAddress(String s) {
    try {
      var a = new jakarta.mail.internet.InternetAddress(s, true);
      a.validate();
      return a.getPersonal() == null && s.equals(a.getAddress());
    } catch (jakarta.mail.internet.AddressException e) {
      return false;
    }
  }
}
