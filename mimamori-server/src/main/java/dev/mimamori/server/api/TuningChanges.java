package dev.mimamori.server.api;

import dev.mimamori.detect.tuning.ExceptionSpec;
import dev.mimamori.server.rules.RuleService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.RuleExceptionEntry;
import dev.mimamori.store.RuleSetting;
import dev.mimamori.store.RuleTuningRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Changes to rule tuning, for the API and the console alike: admins change their tenant's, the
 * SOC's admins any tenant's and the defaults of every tenant ({@code "*"}); another tenant is 404.
 * A change applies to the next alert. Refusals are {@link ApiError}s.
 */
public final class TuningChanges {
  private final RuleService rules;
  private final Store store;
  private final Clock clock;

  public TuningChanges(RuleService rules, Store store, Clock clock) {
    this.rules = rules;
    this.store = store;
    this.clock = clock;
  }

  /**
   * An exception as asked for: exactly one of {@code value} (equals) and {@code cidr} (a network).
   */
  public record NewException(
      @Nullable String tenant,
      String ruleId,
      String field,
      @Nullable String value,
      @Nullable String cidr,
      @Nullable String expiresAt,
      @Nullable String reason) {}

  /** Changes need an admin; everyone else only reads. */
  public static User admin(User u) {
    if (!User.ADMIN.equals(u.role())) {
      throw new ApiError(403, "only an admin changes rules and exceptions");
    }
    return u;
  }

  public RuleSetting setEnabled(User caller, String ruleId, boolean enabled, @Nullable String t) {
    User u = admin(caller);
    String id = knownRule(ruleId);
    String tenant = writeTenant(t, u);
    RuleSetting s =
        store
            .ruleTuning()
            .setEnabled(u.scope(), tenant, id, enabled, u.username())
            .orElseThrow(() -> new ApiError(404, "no such tenant"));
    rules.refreshTuning();
    return s;
  }

  public RuleExceptionEntry addException(User caller, NewException n) {
    User u = admin(caller);
    String tenant = writeTenant(n.tenant(), u);
    if (!ExceptionSpec.ANY_RULE.equals(n.ruleId())) {
      knownRule(n.ruleId());
    }
    if ((n.value() == null) == (n.cidr() == null)) {
      throw new ApiError(
          400,
          "give exactly one of 'value' (the field equals it exactly) and 'cidr' (the field is an"
              + " address in a network such as 198.51.100.0/24 or 2001:db8::/32)");
    }
    String reason = n.reason();
    if (reason == null || reason.isBlank() || reason.length() > RuleTuningRepository.MAX_REASON) {
      throw new ApiError(
          400,
          "'reason' is required: say why these alerts are not wanted (1 to "
              + RuleTuningRepository.MAX_REASON
              + " characters)");
    }
    Instant expires = expiry(n.expiresAt());
    ExceptionSpec.Match match =
        n.cidr() != null ? ExceptionSpec.Match.CIDR : ExceptionSpec.Match.EQUALS;
    String v = n.cidr() != null ? n.cidr().strip() : n.value();
    try {
      // The detector's own checks (field name, network), before anything is stored.
      new ExceptionSpec("new", tenant, n.ruleId(), n.field(), match, v, expires);
      RuleExceptionEntry made =
          store
              .ruleTuning()
              .addException(
                  u.scope(),
                  new RuleTuningRepository.NewException(
                      tenant,
                      n.ruleId(),
                      n.field(),
                      match.label(),
                      v,
                      expires,
                      reason,
                      u.username()))
              .orElseThrow(() -> new ApiError(404, "no such tenant"));
      rules.refreshTuning();
      return made;
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  /** Removes an exception; answers it as it was. */
  public RuleExceptionEntry deleteException(User caller, String id) {
    User u = admin(caller);
    RuleExceptionEntry e =
        store
            .ruleTuning()
            .exception(u.scope(), id)
            .orElseThrow(() -> new ApiError(404, "no such exception"));
    if (!store.ruleTuning().deleteException(u.scope(), id)) {
      throw new ApiError(403, "an exception for every tenant is removed by an operator");
    }
    rules.refreshTuning();
    return e;
  }

  String knownRule(String id) {
    if (rules.rule(id).isEmpty()) {
      throw new ApiError(404, "no such rule '" + clip(id) + "'");
    }
    return id;
  }

  /** The tenant whose view is read: the one asked for, or the caller's own. */
  public String readTenant(User u, @Nullable String t) {
    if (t == null || t.isBlank()) {
      return u.tenant();
    }
    return existingTenant(u, t.strip());
  }

  /**
   * The tenant a change is for: the one given, the caller's own when a tenant's admin leaves it
   * out, or null for {@code "*"} (every tenant, operators only).
   */
  private @Nullable String writeTenant(@Nullable String t, User u) {
    if (t == null) {
      if (u.scope().all()) {
        throw new ApiError(400, "say which tenant: 'tenant' (or \"*\" for every tenant)");
      }
      return u.tenant();
    }
    if (ApiJson.ALL_TENANTS.equals(t)) {
      if (!u.scope().all()) {
        throw new ApiError(403, "only an operator changes the tuning of every tenant");
      }
      return null;
    }
    return existingTenant(u, t);
  }

  /** A tenant the caller may see and that exists; anything else is 404, as for other objects. */
  private String existingTenant(User u, String t) {
    if (!IngestRoutes.TENANT_ID.matcher(t).matches()
        || !u.scope().allows(t)
        || (u.scope().all() && !store.tenants().ids().contains(t))) {
      throw new ApiError(404, "no such tenant");
    }
    return t;
  }

  private Instant expiry(@Nullable String text) {
    if (text == null) {
      throw new ApiError(
          400,
          "'expires_at' is required: when the exception stops applying, as an ISO-8601 instant"
              + " such as 2026-12-31T15:00:00Z");
    }
    Instant at;
    try {
      at = Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ApiError(
          400, "'expires_at' must be an ISO-8601 instant such as 2026-12-31T15:00:00Z");
    }
    if (!at.isAfter(clock.instant())) {
      throw new ApiError(400, "'expires_at' is not in the future; the exception would never apply");
    }
    return at;
  }

  static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
