package dev.mimamori.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored exception: alerts of {@code ruleId} (or every rule, {@code *}) whose event has {@code
 * field} equal to {@code value} ({@code match} {@code equals}) or an address inside the network
 * {@code value} ({@code cidr}) are suppressed until {@code expiresAt}.
 *
 * @param id unique id, used to delete it
 * @param tenant the tenant whose events it covers, or null for every tenant
 * @param ruleId a rule id or {@code *}
 * @param field an event field by ECS name
 * @param match {@code equals} or {@code cidr}
 * @param value the value or network
 * @param expiresAt when it stops applying
 * @param reason why the alerts are not wanted (required)
 * @param createdBy who made it
 * @param createdAt when
 */
public record RuleExceptionEntry(
    String id,
    @Nullable String tenant,
    String ruleId,
    String field,
    String match,
    String value,
    Instant expiresAt,
    String reason,
    String createdBy,
    Instant createdAt) {

  /** Whether it has stopped applying at {@code now}. */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
