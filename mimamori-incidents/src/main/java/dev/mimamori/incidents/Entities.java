package dev.mimamori.incidents;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Observable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The things an alert is about that another alert of the same attack would share: its source
 * address and network, the accounts, sessions, files, script hosts and URL paths it names, the
 * hashes, and the rule itself (a flood of one rule from thousands of addresses is one attack). Two
 * alerts on one shop that share any of these within the window join one incident.
 *
 * <p>A file and a request for it share the file's name ({@code file:shell.php}), so a dropped web
 * shell and the requests that use it join even from other addresses. Names every page has (the
 * front controller {@code index.php}) are left out, or every request would match every file.
 */
public final class Entities {
  private static final Set<String> COMMON_NAMES =
      Set.of("", "index.php", "index.html", "index.htm", "favicon.ico", "robots.txt");

  private Entities() {}

  public static Set<String> of(Alert alert) {
    Set<String> out = new LinkedHashSet<>();
    out.add("rule:" + alert.ruleId());
    if (alert.sourceIp() != null) {
      addIp(out, alert.sourceIp());
    }
    for (Observable o : alert.observables()) {
      switch (o.type()) {
        case IP -> addIp(out, o.value());
        case USER -> out.add("user:" + o.value());
        case HASH -> out.add("hash:" + o.value().toLowerCase(Locale.ROOT));
        case DOMAIN -> out.add("host:" + o.value().toLowerCase(Locale.ROOT));
        case SESSION -> out.add("session:" + o.value());
        case FILE_PATH -> addFileName(out, o.value());
        case URL -> addUrl(out, o.value());
        case USER_AGENT -> {
          // Shared by thousands of unrelated visitors: not an entity.
        }
      }
    }
    return out;
  }

  private static void addIp(Set<String> out, String ip) {
    String v = ip.trim().toLowerCase(Locale.ROOT);
    out.add("ip:" + v);
    String net = network(v);
    if (net != null) {
      out.add("net:" + net);
    }
  }

  /** The /24 of an IPv4 address or the /64 of a full-form IPv6 one; null when it is neither. */
  static String network(String ip) {
    int dots = 0;
    int lastDot = -1;
    for (int i = 0; i < ip.length(); i++) {
      char c = ip.charAt(i);
      if (c == '.') {
        dots++;
        lastDot = i;
      } else if (c < '0' || c > '9') {
        dots = -100;
        break;
      }
    }
    if (dots == 3) {
      return ip.substring(0, lastDot) + ".0/24";
    }
    if (ip.indexOf(':') >= 0 && !ip.contains("::")) {
      String[] parts = ip.split(":", -1);
      if (parts.length == 8) {
        return parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + parts[3] + "::/64";
      }
    }
    return null;
  }

  private static void addUrl(Set<String> out, String url) {
    String path = url;
    int scheme = path.indexOf("://");
    if (scheme >= 0) {
      int slash = path.indexOf('/', scheme + 3);
      if (scheme > 0) {
        String host = path.substring(scheme + 3, slash < 0 ? path.length() : slash);
        if (!host.isEmpty()) {
          out.add("host:" + host.toLowerCase(Locale.ROOT));
        }
      }
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int q = indexOfAny(path, '?', '#');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.length() > 1) {
      out.add("url:" + path);
    }
    addFileName(out, path);
  }

  private static void addFileName(Set<String> out, String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    String name = path.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (name.indexOf('.') > 0 && !COMMON_NAMES.contains(name)) {
      out.add("file:" + name);
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
