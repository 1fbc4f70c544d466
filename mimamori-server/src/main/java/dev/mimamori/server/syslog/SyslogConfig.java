package dev.mimamori.server.syslog;

import java.util.Objects;

/**
 * Where syslog is received and whose it is.
 *
 * @param host address to listen on
 * @param udpPort UDP port, 0 for any free one, -1 for none
 * @param tcpPort TCP port, 0 for any free one, -1 for none
 * @param tenant the customer the messages belong to
 * @param asset the shop they come from
 */
public record SyslogConfig(String host, int udpPort, int tcpPort, String tenant, String asset) {
  public SyslogConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
    if (udpPort < -1 || udpPort > 65535 || tcpPort < -1 || tcpPort > 65535) {
      throw new IllegalArgumentException("syslog ports must be between 0 and 65535");
    }
  }
}
