package dev.mimamori.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A rule switched on or off.
 *
 * @param tenant the tenant it is for, or null for the default of every tenant
 * @param ruleId the rule's id
 * @param enabled on or off
 * @param updatedBy who set it last
 * @param updatedAt when
 */
public record RuleSetting(
    @Nullable String tenant, String ruleId, boolean enabled, String updatedBy, Instant updatedAt) {}
