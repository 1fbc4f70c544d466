package dev.mimamori.incidents.respond;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IP address or CIDR network, parsed from a literal only (never a host name, so no DNS lookup
 * happens and nothing else can pass). A network is held by its network address ({@code
 * 203.0.113.9/24} is {@code 203.0.113.0/24}); a full-length prefix is a single address.
 *
 * @param address the address, or the network's first address
 * @param prefix the prefix length: 32 (IPv4) or 128 (IPv6) for a single address
 */
public record IpNet(InetAddress address, int prefix) {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  public IpNet {
    Objects.requireNonNull(address, "address");
    int bits = address.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + address);
    }
    address = network(address, prefix);
  }

  /**
   * Parses {@code 203.0.113.7}, {@code 2001:db8::1}, {@code 203.0.113.0/24} or {@code
   * 2001:db8::/48}; anything else is refused as permanent.
   */
  public static IpNet parse(String value) throws ActionException {
    String v = value.trim();
    int slash = v.indexOf('/');
    String addr = slash < 0 ? v : v.substring(0, slash);
    boolean v4 = IPV4.matcher(addr).matches();
    boolean v6 = !v4 && addr.indexOf(':') >= 0 && IPV6_CHARS.matcher(addr).matches();
    if (!v4 && !v6) {
      throw new ActionException("not an IP address or CIDR network: '" + v + "'", false);
    }
    InetAddress a;
    try {
      // Only literals reach here, so this never does a DNS lookup.
      a = InetAddress.getByName(addr);
    } catch (UnknownHostException e) {
      throw new ActionException("not an IP address or CIDR network: '" + v + "'", false, e);
    }
    int bits = a.getAddress().length * 8;
    if (v6 && a instanceof Inet4Address) {
      bits = 32; // an IPv4-mapped IPv6 literal is taken as the IPv4 address it names
    }
    int prefix = bits;
    if (slash >= 0) {
      String p = v.substring(slash + 1);
      if (!PREFIX.matcher(p).matches() || Integer.parseInt(p) > bits) {
        throw new ActionException("not a valid prefix length in '" + v + "'", false);
      }
      prefix = Integer.parseInt(p);
    }
    return new IpNet(a, prefix);
  }

  public boolean isV6() {
    return !(address instanceof Inet4Address);
  }

  /** Whether this is one address rather than a wider network. */
  public boolean isSingle() {
    return prefix == bits();
  }

  public int bits() {
    return address.getAddress().length * 8;
  }

  /** Whether every address of {@code other} is in this network. */
  public boolean contains(IpNet other) {
    return isV6() == other.isV6()
        && prefix <= other.prefix
        && network(other.address, prefix).equals(address);
  }

  /** The address as Java writes it ({@code 2001:db8:0:0:0:0:0:1}), without a prefix. */
  public String addressText() {
    return address.getHostAddress();
  }

  /** The address alone for a single address, else {@code address/prefix}. */
  @Override
  public String toString() {
    return isSingle() ? addressText() : addressText() + "/" + prefix;
  }

  /** Always with the prefix: {@code 203.0.113.7/32}, {@code 2001:db8:0:0:0:0:0:1/128}. */
  public String cidr() {
    return addressText() + "/" + prefix;
  }

  private static InetAddress network(InetAddress a, int prefix) {
    byte[] b = a.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] = (byte) (b[i] & (0xff << (8 - keep)));
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
    }
  }
}
