package dev.mimamori.store;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * An account that can log in.
 *
 * @param id unique id
 * @param tenant the tenant it belongs to
 * @param username login name
 * @param role {@code admin}: an admin of the SOC's tenant ({@code default}) sees and manages every
 *     tenant, an admin of another tenant manages its own (users, keys, sites); {@code analyst}:
 *     works the incidents of its own tenant and the tenants assigned to it (acknowledge, status,
 *     merge, actions); {@code customer}: reads its own tenant, acknowledges and comments; {@code
 *     viewer}: reads its own tenant
 * @param assigned the tenants an analyst works besides its own
 */
public record User(String id, String tenant, String username, String role, Set<String> assigned) {
  public static final String ADMIN = "admin";
  public static final String ANALYST = "analyst";
  public static final String CUSTOMER = "customer";
  public static final String VIEWER = "viewer";

  /** The name issue 6 used for an analyst; accepted as input, stored as {@code analyst}. */
  public static final String OPERATOR = ANALYST;

  public static final String OPERATOR_TENANT = "default";

  /** Every role, as stored. */
  public static final Set<String> ROLES = Set.of(ADMIN, ANALYST, CUSTOMER, VIEWER);

  public User {
    assigned = Set.copyOf(assigned);
  }

  public User(String id, String tenant, String username, String role) {
    this(id, tenant, username, role, Set.of());
  }

  /** A role as given (any case; {@code operator} is an analyst), or an exception. */
  public static String role(String text) {
    String r = text.trim().toLowerCase(Locale.ROOT);
    if (r.equals("operator")) {
      return ANALYST;
    }
    if (!ROLES.contains(r)) {
      throw new IllegalArgumentException("role must be admin, analyst, customer or viewer");
    }
    return r;
  }

  /** Whether this user works incidents: status, assignment, merge, split, response actions. */
  public boolean canRespond() {
    return ADMIN.equals(role) || ANALYST.equals(role);
  }

  /** Whether this user may acknowledge and comment: responders and customers. */
  public boolean canAcknowledge() {
    return canRespond() || CUSTOMER.equals(role);
  }

  /** Whether this user administers every tenant (the SOC's admins). */
  public boolean socAdmin() {
    return ADMIN.equals(role) && OPERATOR_TENANT.equals(tenant);
  }

  /** The tenants this user may see. */
  public TenantScope scope() {
    if (socAdmin()) {
      return TenantScope.allTenants();
    }
    if (ANALYST.equals(role) && !assigned.isEmpty()) {
      Set<String> all = new HashSet<>(assigned);
      all.add(tenant);
      return new TenantScope(false, all);
    }
    return TenantScope.of(tenant);
  }
}
