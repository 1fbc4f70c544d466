package dev.mimamori.vuln.feed;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The feeds mimamori knows, with their public endpoints (each can be pointed at a mirror). */
public enum FeedName {
  OSV("https://api.osv.dev/v1/query"),
  NVD("https://services.nvd.nist.gov/rest/json/cves/2.0"),
  JVN("https://jvndb.jvn.jp/myjvn");

  private final URI endpoint;

  FeedName(String endpoint) {
    this.endpoint = URI.create(endpoint);
  }

  public URI endpoint() {
    return endpoint;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code osv}, {@code nvd} or {@code jvn}; anything else is refused with the choices. */
  public static FeedName parse(String text) {
    for (FeedName f : values()) {
      if (f.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown feed '" + text + "': osv, nvd or jvn");
  }

  /** The feed at {@code endpoint} (its own or a mirror's). */
  public AdvisoryFeed open(
      URI endpoint, FeedHttp http, @Nullable String nvdApiKey, Clock clock, Sleeper sleeper) {
    return switch (this) {
      case OSV -> new OsvFeed(http, endpoint);
      case NVD -> new NvdFeed(http, endpoint, nvdApiKey, clock, sleeper);
      case JVN -> new JvnFeed(http, endpoint, sleeper);
    };
  }
}
