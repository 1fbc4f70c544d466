package dev.mimamori.store;

/**
 * An account that can log in.
 *
 * @param id unique id
 * @param tenant the tenant it belongs to
 * @param username login name
 * @param role {@code admin} (a SOC operator: every tenant) or {@code viewer} (its own tenant)
 */
public record User(String id, String tenant, String username, String role) {
  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";

  /** The tenants this user may see. */
  public TenantScope scope() {
    return ADMIN.equals(role) ? TenantScope.allTenants() : TenantScope.of(tenant);
  }
}
