package dev.mimamori.detect.web;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Server-side request forgery aimed at cloud metadata services: the metadata addresses in every
 * spelling an IPv4 parser accepts (dotted, one decimal number, hex, octal, mixed, IPv4-mapped
 * IPv6), the metadata host names, and the metadata paths themselves.
 */
final class Ssrf {
  /** Why, and where in the lower-cased value. */
  record Hit(String reason, int at) {}

  // 169.254.169.254 (AWS, GCP, Azure, OpenStack...), 169.254.170.2 (AWS ECS), 100.100.100.200
  // (Alibaba Cloud).
  private static final long[] METADATA_IPV4 = {0xA9FEA9FEL, 0xA9FEAA02L, 0x646464C8L};
  private static final List<String> METADATA_HOSTS =
      List.of(
          "metadata.google.internal",
          "metadata.goog",
          "metadata.azure.com",
          "instance-data",
          "instance-data.ec2.internal",
          "metadata.tencentyun.com");
  private static final List<String> METADATA_IPV6 =
      List.of(
          "fd00:ec2::254",
          "::ffff:a9fe:a9fe",
          "::ffff:169.254.169.254",
          "0:0:0:0:0:ffff:a9fe:a9fe");
  private static final List<String> METADATA_PATHS =
      List.of(
          "/latest/meta-data",
          "/latest/user-data",
          "/latest/api/token",
          "/computemetadata/v1",
          "/metadata/instance",
          "/metadata/identity/oauth2",
          "/openstack/latest/meta_data");
  private static final int MAX_HOSTS = 16;

  private Ssrf() {}

  static @Nullable Hit analyze(String value) {
    String s = value.toLowerCase(Locale.ROOT);
    int at = s.indexOf("169.254.169.254");
    if (at >= 0) {
      return new Hit("cloud metadata address 169.254.169.254", at);
    }
    for (String p : METADATA_PATHS) {
      at = s.indexOf(p);
      if (at >= 0) {
        return new Hit("cloud metadata path " + p, at);
      }
    }
    for (String h : METADATA_IPV6) {
      at = s.indexOf(h);
      if (at >= 0) {
        return new Hit("cloud metadata address " + h, at);
      }
    }
    // The value itself when it starts like a host, and the host of every URL in it.
    Hit h = host(s, 0);
    int scheme = s.indexOf("://");
    for (int k = 0; h == null && scheme >= 0 && k < MAX_HOSTS; k++) {
      h = host(s, scheme + 3);
      scheme = s.indexOf("://", scheme + 3);
    }
    return h;
  }

  private static @Nullable Hit host(String s, int start) {
    int end = start;
    int n = s.length();
    while (end < n && end - start < 256 && "/?#\\ \t\r\n".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = s.substring(start, end);
    int atSign = authority.lastIndexOf('@');
    String host = atSign >= 0 ? authority.substring(atSign + 1) : authority;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      String v6 = host.substring(1, close < 0 ? host.length() : close);
      return v6.startsWith("::ffff:")
              && ipv4(v6.substring(7)) >= 0
              && isMetadata(ipv4(v6.substring(7)))
          ? new Hit("cloud metadata address [" + v6 + "]", start)
          : null;
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    for (String m : METADATA_HOSTS) {
      if (host.equals(m)) {
        return new Hit("cloud metadata host " + m, start);
      }
    }
    long ip = ipv4(host);
    if (ip >= 0 && isMetadata(ip)) {
      return new Hit("cloud metadata address written as " + host, start);
    }
    return null;
  }

  private static boolean isMetadata(long ip) {
    for (long m : METADATA_IPV4) {
      if (ip == m) {
        return true;
      }
    }
    return false;
  }

  /**
   * An IPv4 address as inet_aton reads it: one to four parts, each decimal, {@code 0x} hex or
   * {@code 0}-led octal, the last part filling the remaining bytes; -1 if it is not one.
   */
  static long ipv4(String host) {
    if (host.isEmpty() || host.length() > 64) {
      return -1;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return -1;
    }
    long[] v = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = number(parts[i]);
      if (v[i] < 0) {
        return -1;
      }
    }
    long result = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (v[i] > 255) {
        return -1;
      }
      result |= v[i] << (24 - 8 * i);
    }
    long last = v[parts.length - 1];
    int lastBits = 32 - 8 * (parts.length - 1);
    if (last >= (1L << lastBits)) {
      return -1;
    }
    return result | last;
  }

  private static long number(String p) {
    if (p.isEmpty() || p.length() > 34) {
      return -1;
    }
    int radix = 10;
    String digits = p;
    if (p.startsWith("0x")) {
      radix = 16;
      digits = p.substring(2);
      if (digits.isEmpty()) {
        return 0;
      }
    } else if (p.length() > 1 && p.charAt(0) == '0') {
      radix = 8;
      digits = p.substring(1);
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      v = v * radix + d;
      if (v > 0xFFFFFFFFL) {
        return -1;
      }
    }
    return v;
  }
}
