package dev.mimamori.server.api;

import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.IngestKey;
import dev.mimamori.store.IngestKeyRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who a log shipper is. Shippers authenticate the way their Elasticsearch outputs do: basic auth
 * (any user name, the credential as the password), a bearer token, or {@code Authorization: ApiKey
 * base64(id:key)} (Filebeat's and Logstash's {@code api_key}). The credential is an ingest key
 * ({@code mmk_}) or a user's API token ({@code mmt_}). Only the ingest routes and the Elasticsearch
 * start-up calls accept an ingest key.
 */
public final class ShipperAuth {
  private static final String ATTR = "mimamori.shipper";

  private final Store store;

  public ShipperAuth(Store store) {
    this.store = store;
  }

  /**
   * An authenticated shipper: a key, which fixes the tenant (and the asset when it names one), or a
   * user, whose scope decides the tenants.
   */
  public record Shipper(@Nullable IngestKey key, @Nullable User user) {}

  /** Authenticates the request (once) or answers 401 with a basic-auth challenge. */
  public Shipper require(Context ctx) {
    Shipper known = ctx.attribute(ATTR);
    if (known != null) {
      return known;
    }
    String credential = credential(ctx.header("Authorization"));
    Shipper shipper = null;
    if (credential != null && credential.startsWith(IngestKeyRepository.PREFIX)) {
      shipper =
          store.ingestKeys().authenticate(credential).map(k -> new Shipper(k, null)).orElse(null);
    } else if (credential != null) {
      // Sending logs writes, and can raise incidents and pages: only analysts' and admins'
      // write tokens do (and ingest keys).
      shipper =
          store
              .users()
              .findToken(credential)
              .filter(t -> !t.readOnly() && t.user().canRespond())
              .map(t -> new Shipper(null, t.user()))
              .orElse(null);
    }
    if (shipper == null) {
      ctx.header("WWW-Authenticate", "Basic realm=\"mimamori\"");
      throw new ApiError(
          401,
          "an ingest key or API token is needed (as the basic-auth password, the bearer token or"
              + " the API key)");
    }
    ctx.attribute(ATTR, shipper);
    return shipper;
  }

  /** The credential in an Authorization header, or null. */
  static @Nullable String credential(@Nullable String header) {
    if (header == null) {
      return null;
    }
    int space = header.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
    String value = header.substring(space + 1).trim();
    return switch (scheme) {
      case "bearer" -> value;
      case "basic" -> afterColon(decode(value));
      case "apikey" -> {
        // Elasticsearch's form is base64(id:key); take a key sent as it is too.
        String decoded = decode(value);
        yield decoded != null && decoded.indexOf(':') > 0 ? afterColon(decoded) : value;
      }
      default -> null;
    };
  }

  private static @Nullable String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable String afterColon(@Nullable String userAndPassword) {
    if (userAndPassword == null) {
      return null;
    }
    int colon = userAndPassword.indexOf(':');
    return colon < 0 ? null : userAndPassword.substring(colon + 1);
  }
}
