package dev.mimamori.store;

/**
 * An account that can log in.
 *
 * @param id unique id
 * @param tenant the tenant it belongs to
 * @param username login name
 * @param role {@code admin}, {@code operator} or {@code viewer}: viewers read; operators also
 *     respond (acknowledge, change status, comment, assign, merge, split, run response actions);
 *     admins also manage keys and users. An admin of the operator tenant ({@code default}, the SOC)
 *     sees every tenant, anyone else only their own
 */
public record User(String id, String tenant, String username, String role) {
  public static final String ADMIN = "admin";
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String OPERATOR_TENANT = "default";

  /** Whether this user may act on incidents: operators and admins. */
  public boolean canRespond() {
    return ADMIN.equals(role) || OPERATOR.equals(role);
  }

  /** The tenants this user may see. */
  public TenantScope scope() {
    return ADMIN.equals(role) && OPERATOR_TENANT.equals(tenant)
        ? TenantScope.allTenants()
        : TenantScope.of(tenant);
  }
}
