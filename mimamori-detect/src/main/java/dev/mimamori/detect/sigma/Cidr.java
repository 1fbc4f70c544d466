package dev.mimamori.detect.sigma;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 network for {@code |cidr} (and the tuning's exceptions). Addresses are parsed
 * here, as literals only: InetAddress would look up anything that is not a literal in DNS, which a
 * detector must never do.
 */
public record Cidr(byte[] network, int prefix) {

  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    byte[] addr = address(slash < 0 ? t : t.substring(0, slash));
    if (addr == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network");
    }
    int bits = addr.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        throw new IllegalArgumentException("prefix length over " + bits + " in '" + text + "'");
      }
    }
    return new Cidr(addr, prefix);
  }

  public boolean contains(String value) {
    byte[] a = address(value.trim());
    if (a == null || a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  /** 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6, null for anything else. */
  static byte @Nullable [] address(String s) {
    if (s.length() > 64) {
      return null;
    }
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (s.indexOf(':') < 0) {
      return ipv4(s);
    }
    byte[] v6 = ipv6(s);
    if (v6 != null && isV4Mapped(v6)) {
      return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
    return v6;
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte @Nullable [] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte @Nullable [] ipv6(String s) {
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    String head = dc < 0 ? s : s.substring(0, dc);
    String tail = dc < 0 ? "" : s.substring(dc + 2);
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null) {
      return null;
    }
    int total = h.length + t.length;
    if (dc < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(t, 0, all, 8 - t.length, t.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** 16-bit groups of one side of "::"; a dotted IPv4 address at the end counts as two. */
  private static int @Nullable [] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int n = parts.length;
    boolean v4Tail = parts[n - 1].indexOf('.') >= 0;
    int[] out = new int[n + (v4Tail ? 1 : 0)];
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (i == n - 1 && v4Tail) {
        byte[] v4 = ipv4(p);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = hex(p.charAt(k));
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    return out;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefix;
  }

  @Override
  public String toString() {
    return java.util.Arrays.toString(network) + "/" + prefix;
  }
}
