package dev.mimamori.store;

import java.util.Set;

/**
 * Which tenants a caller may see. Built from the authenticated user, passed to every query; there
 * is no query that reads customer rows without one.
 *
 * @param all a SOC operator who sees every tenant
 * @param tenants the tenants seen when not {@code all}
 */
public record TenantScope(boolean all, Set<String> tenants) {
  public TenantScope {
    tenants = Set.copyOf(tenants);
    if (!all && tenants.isEmpty()) {
      throw new IllegalArgumentException("a scope needs at least one tenant");
    }
  }

  public static TenantScope allTenants() {
    return new TenantScope(true, Set.of());
  }

  public static TenantScope of(String tenant) {
    return new TenantScope(false, Set.of(tenant));
  }

  public boolean allows(String tenant) {
    return all || tenants.contains(tenant);
  }
}
