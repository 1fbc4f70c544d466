package dev.mimamori.uptime;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Which URLs a monitor may fetch. A monitor is a request mimamori makes on a customer's behalf, so
 * it must not become a way to read the cloud metadata service or mimamori's own listener.
 *
 * @param ownPorts the ports mimamori itself listens on; refused on any local address
 * @param allowLoopback lab mode: loopback and private targets are allowed (tests, a shop on the
 *     same host)
 */
public record TargetPolicy(Set<Integer> ownPorts, boolean allowLoopback) {
  public TargetPolicy {
    ownPorts = Set.copyOf(ownPorts);
  }

  /** Production: no loopback, no link-local (metadata), not mimamori's ports. */
  public static TargetPolicy strict(Set<Integer> ownPorts) {
    return new TargetPolicy(ownPorts, false);
  }

  /** Loopback allowed (tests and lab setups); metadata and own ports are still refused. */
  public static TargetPolicy lab(Set<Integer> ownPorts) {
    return new TargetPolicy(ownPorts, true);
  }

  /**
   * Refuses a URL with a clear reason. Called when a monitor is configured and again before each
   * request, since a name can be re-pointed after configuration.
   */
  public void check(URI url) {
    String scheme = url.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme))) {
      throw new TargetRefusedException("only http and https URLs can be monitored: " + scheme);
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new TargetRefusedException("URL has no host");
    }
    int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(stripBrackets(host));
    } catch (UnknownHostException e) {
      // An unknown name is a down target, not a refused one: it is checked again on each request.
      return;
    }
    for (InetAddress a : addresses) {
      checkAddress(a, port, host);
    }
  }

  void checkAddress(InetAddress a, int port, String host) {
    if (isMetadata(a)) {
      throw new TargetRefusedException(
          "refused: " + host + " is the cloud metadata address (" + a.getHostAddress() + ")");
    }
    if (isAlibabaMetadata(a)) {
      throw new TargetRefusedException(
          "refused: " + host + " is the cloud metadata address (" + a.getHostAddress() + ")");
    }
    boolean own = a.isLoopbackAddress() || a.isAnyLocalAddress() || isOwnInterface(a);
    if (own && ownPorts.contains(port)) {
      throw new TargetRefusedException(
          "refused: " + host + ":" + port + " is mimamori's own listen port");
    }
    if (allowLoopback) {
      return;
    }
    // Production: a monitor is a request from inside the SOC's network on a tenant's behalf; it
    // reaches public shops only, never this host or a private network behind it.
    if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
      throw new TargetRefusedException(
          "refused: " + host + " is a loopback address (allowed only in lab mode)");
    }
    if (own) {
      throw new TargetRefusedException(
          "refused: " + host + " is this host (allowed only in lab mode)");
    }
    if (a.isSiteLocalAddress() || isUniqueLocal(a) || isSharedAddressSpace(a) || isNat64(a)) {
      throw new TargetRefusedException(
          "refused: "
              + host
              + " is a private address ("
              + a.getHostAddress()
              + "; allowed only in lab mode)");
    }
  }

  /** fc00::/7. */
  static boolean isUniqueLocal(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 16 && (b[0] & 0xfe) == 0xfc;
  }

  /** 100.64.0.0/10 (carrier-grade NAT; also Alibaba Cloud's metadata at 100.100.100.200). */
  static boolean isSharedAddressSpace(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }

  static boolean isAlibabaMetadata(InetAddress a) {
    return a.getHostAddress().equals("100.100.100.200");
  }

  /** 64:ff9b::/96, which a NAT64 gateway maps to any IPv4 address, private ones included. */
  static boolean isNat64(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 16
        && b[0] == 0
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b;
  }

  /** 169.254.0.0/16 (AWS, GCP, Azure, OpenStack metadata) and fd00:ec2::254. */
  static boolean isMetadata(InetAddress a) {
    if (a.isLinkLocalAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    return b.length == 16
        && (b[0] & 0xff) == 0xfd
        && b[1] == 0
        && (b[2] & 0xff) == 0x0e
        && (b[3] & 0xff) == 0xc2
        && (b[15] & 0xff) == 0x54
        && (b[14] & 0xff) == 0x02;
  }

  private static boolean isOwnInterface(InetAddress a) {
    try {
      return NetworkInterface.getByInetAddress(a) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
