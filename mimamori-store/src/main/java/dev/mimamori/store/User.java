package dev.mimamori.store;

/**
 * An account that can log in.
 *
 * @param id unique id
 * @param tenant the tenant it belongs to
 * @param username login name
 * @param role {@code admin} or {@code viewer}; an admin of the operator tenant ({@code default},
 *     the SOC) sees every tenant, anyone else only their own
 */
public record User(String id, String tenant, String username, String role) {
  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";
  public static final String OPERATOR_TENANT = "default";

  /** The tenants this user may see. */
  public TenantScope scope() {
    return ADMIN.equals(role) && OPERATOR_TENANT.equals(tenant)
        ? TenantScope.allTenants()
        : TenantScope.of(tenant);
  }
}
