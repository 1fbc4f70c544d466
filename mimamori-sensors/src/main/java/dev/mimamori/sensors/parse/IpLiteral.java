package dev.mimamori.sensors.parse;

/**
 * Whether text is an IPv4 or IPv6 address literal, by its characters alone: no name lookup (unlike
 * {@link java.net.InetAddress#getByName}), linear in the text.
 */
public final class IpLiteral {
  private IpLiteral() {}

  public static boolean isIp(String s) {
    return isIpv4(s) || isIpv6(s);
  }

  /** {@code 192.0.2.1}: four decimal parts of at most 255. */
  public static boolean isIpv4(String s) {
    int n = s.length();
    if (n < 7 || n > 15) {
      return false;
    }
    int dots = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else if (c == '.' && digits > 0 && dots < 3) {
        dots++;
        digits = 0;
        value = 0;
      } else {
        return false;
      }
    }
    return dots == 3 && digits > 0;
  }

  /** {@code 2001:db8::1}, {@code ::ffff:192.0.2.1}: at most one {@code ::}, 8 groups in all. */
  public static boolean isIpv6(String s) {
    int n = s.length();
    if (n < 2 || n > 45 || s.indexOf(':') < 0) {
      return false;
    }
    String head = s;
    int groupsAllowed = 8;
    if (s.indexOf('.') >= 0) {
      int lastColon = s.lastIndexOf(':');
      if (!isIpv4(s.substring(lastColon + 1))) {
        return false;
      }
      head = s.substring(0, lastColon + 1);
      if (!head.endsWith("::")) {
        head = head.substring(0, head.length() - 1);
      }
      groupsAllowed = 6;
    }
    int compressed = head.indexOf("::");
    if (compressed >= 0 && head.indexOf("::", compressed + 1) >= 0) {
      return false;
    }
    if (compressed < 0) {
      return groups(head) == groupsAllowed;
    }
    int left = groups(head.substring(0, compressed));
    int right = groups(head.substring(compressed + 2));
    return left >= 0 && right >= 0 && left + right < groupsAllowed;
  }

  /** The number of 1-4 digit hex groups in {@code a:b:c}; 0 for empty text, -1 when malformed. */
  private static int groups(String part) {
    if (part.isEmpty()) {
      return 0;
    }
    int count = 1;
    int digits = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == ':') {
        if (digits == 0) {
          return -1;
        }
        count++;
        digits = 0;
      } else if (isHex(c) && digits < 4) {
        digits++;
      } else {
        return -1;
      }
    }
    return digits == 0 ? -1 : count;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
