package dev.mimamori.server.tenancy;

import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantRepository;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import dev.mimamori.store.UserRepository;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who may create and change tenants, sites and users, for the JSON API and the console alike: the
 * SOC's admins create tenants and any user; a tenant's admin manages its own tenant's customers,
 * viewers and sites; another tenant's objects answer 404, never 403, so ids cannot be probed.
 * Refusals are {@link ApiError}s with the status and a message for the caller.
 */
public final class TenancyService {
  private final Store store;

  public TenancyService(Store store) {
    this.store = store;
  }

  /** A site to create: its shop's name, addresses, web roots, platform and version. */
  public record NewSite(
      String name,
      List<String> urls,
      List<String> hosts,
      List<String> webRoots,
      @Nullable String platform,
      @Nullable String version) {}

  /** The caller, when it is one of the SOC's admins. */
  public static User socAdmin(User caller) {
    if (!caller.socAdmin()) {
      throw new ApiError(403, "only the SOC's admins do this");
    }
    return caller;
  }

  public TenantRepository.Tenant createTenant(User caller, String name, @Nullable String id) {
    socAdmin(caller);
    try {
      return store.tenants().create(name, id);
    } catch (IllegalArgumentException e) {
      throw new ApiError(e.getMessage().contains("taken") ? 409 : 400, e.getMessage());
    }
  }

  public TenantRepository.Tenant tenant(User caller, String id) {
    return store
        .tenants()
        .find(caller.scope(), id)
        .orElseThrow(() -> new ApiError(404, "no such tenant"));
  }

  /** The tenant, when the caller is its admin (or the SOC's); another tenant is 404. */
  public TenantRepository.Tenant adminOf(User caller, String tenant) {
    TenantRepository.Tenant t = tenant(caller, tenant);
    if (!User.ADMIN.equals(caller.role())) {
      throw new ApiError(403, "only an admin does this");
    }
    return t;
  }

  public TenantRepository.Tenant renameTenant(User caller, String id, String name) {
    TenantRepository.Tenant t = adminOf(caller, id);
    try {
      store.tenants().rename(caller.scope(), t.id(), name);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    return store.tenants().find(TenantScope.of(t.id()), t.id()).orElseThrow();
  }

  public SiteRepository.Site createSite(User caller, String tenant, NewSite s) {
    TenantRepository.Tenant t = adminOf(caller, tenant);
    try {
      return store
          .sites()
          .create(t.id(), s.name(), s.urls(), s.hosts(), s.webRoots(), s.platform(), s.version());
    } catch (IllegalArgumentException e) {
      throw new ApiError(e.getMessage().contains("has a site") ? 409 : 400, e.getMessage());
    }
  }

  public SiteRepository.Site site(User caller, String id) {
    return store
        .sites()
        .find(caller.scope(), id)
        .orElseThrow(() -> new ApiError(404, "no such site"));
  }

  public void deleteSite(User caller, String id) {
    SiteRepository.Site s = site(caller, id);
    adminOf(caller, s.tenant());
    store.sites().delete(caller.scope(), s.id());
  }

  /** Creates a user of {@code tenant} (the caller's own when null). */
  public UserRepository.Account createUser(
      User caller,
      String username,
      String password,
      String roleText,
      @Nullable String tenant,
      List<String> assigned) {
    String role = role(roleText);
    String t = tenant == null ? caller.tenant() : tenant;
    adminOf(caller, t);
    if (!caller.socAdmin() && !customerOrViewer(role)) {
      throw new ApiError(403, "a tenant's admin creates customers and viewers only");
    }
    checkAssignable(caller, role, assigned);
    if (store.users().exists(username)) {
      throw new ApiError(409, "the user name '" + username + "' is taken");
    }
    User created;
    try {
      created = store.users().create(t, username, password, role);
      if (!assigned.isEmpty()) {
        store.users().update(created.id(), null, assigned);
      }
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    return store.users().find(caller.scope(), created.id()).orElseThrow();
  }

  /** The users an admin manages. */
  public List<UserRepository.Account> users(User caller) {
    if (!User.ADMIN.equals(caller.role())) {
      throw new ApiError(403, "only an admin lists users");
    }
    return store.users().list(caller.scope());
  }

  /** A user the caller may read: an admin any in scope, anyone else itself; others are 404. */
  public UserRepository.Account user(User caller, String id) {
    UserRepository.Account a =
        store.users().find(caller.scope(), id).orElseThrow(() -> new ApiError(404, "no such user"));
    if (!User.ADMIN.equals(caller.role()) && !caller.id().equals(a.id())) {
      throw new ApiError(404, "no such user");
    }
    return a;
  }

  /**
   * Changes a user's role (when given), assigned tenants (when given) and password (when given).
   */
  public UserRepository.Account updateUser(
      User caller,
      String id,
      @Nullable String roleText,
      @Nullable List<String> assigned,
      @Nullable String password) {
    UserRepository.Account a = user(caller, id);
    adminOf(caller, a.tenant());
    String r = roleText == null ? null : role(roleText);
    if (!caller.socAdmin()
        && ((r != null && !customerOrViewer(r)) || !customerOrViewer(a.role()))) {
      throw new ApiError(403, "a tenant's admin manages customers and viewers only");
    }
    if (assigned != null) {
      checkAssignable(caller, r == null ? a.role() : r, assigned);
    }
    try {
      if (password != null) {
        store.users().setPassword(a.username(), password);
      }
      store.users().update(a.id(), r, assigned);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    return store.users().find(caller.scope(), a.id()).orElseThrow();
  }

  public UserRepository.Account setDisabled(User caller, String id, boolean disabled) {
    UserRepository.Account a = user(caller, id);
    adminOf(caller, a.tenant());
    if (a.id().equals(caller.id())) {
      throw new ApiError(409, "you cannot disable yourself");
    }
    if (!caller.socAdmin() && !customerOrViewer(a.role())) {
      throw new ApiError(403, "a tenant's admin manages customers and viewers only");
    }
    store.users().setDisabled(a.id(), disabled);
    return store.users().find(caller.scope(), a.id()).orElseThrow();
  }

  /**
   * Removes a user's second factor (a lost phone): the user enrolls a new one at the next sign-in.
   * Not one's own, so a stolen session cannot take the factor off. False when it had none.
   */
  public boolean resetSecondFactor(
      User caller, String id, dev.mimamori.server.account.SecondFactor secondFactor) {
    UserRepository.Account a = user(caller, id);
    adminOf(caller, a.tenant());
    if (a.id().equals(caller.id())) {
      throw new ApiError(409, "another admin resets your second factor");
    }
    if (!caller.socAdmin() && !customerOrViewer(a.role())) {
      throw new ApiError(403, "a tenant's admin manages customers and viewers only");
    }
    return secondFactor.reset(a.id());
  }

  private void checkAssignable(User caller, String role, List<String> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    if (!role.equals(User.ANALYST)) {
      throw new ApiError(400, "only analysts are assigned tenants");
    }
    if (!caller.socAdmin()) {
      throw new ApiError(403, "only the SOC's admins assign tenants");
    }
    for (String t : assigned) {
      store
          .tenants()
          .find(TenantScope.allTenants(), t)
          .orElseThrow(() -> new ApiError(400, "no such tenant: " + t));
    }
  }

  private static String role(String text) {
    try {
      return User.role(text);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  /** A form's or body's required text, held to the API's limits (1 to 1024 characters). */
  public static String required(String field, @Nullable String v) {
    if (v == null || v.isEmpty()) {
      throw new ApiError(400, "'" + field + "' is required and must be a non-empty string");
    }
    if (v.length() > 1024) {
      throw new ApiError(400, "'" + field + "' is too long");
    }
    return v;
  }

  /** A form's optional text: blank is absent. */
  public static @Nullable String optional(String field, @Nullable String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > 1024) {
      throw new ApiError(400, "'" + field + "' is too long");
    }
    return v;
  }

  private static boolean customerOrViewer(String role) {
    return role.equals(User.CUSTOMER) || role.equals(User.VIEWER);
  }
}
