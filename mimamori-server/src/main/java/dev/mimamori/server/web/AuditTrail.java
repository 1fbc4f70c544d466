package dev.mimamori.server.web;

import dev.mimamori.server.api.ApiRoutes;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every change made through the API or the console to the audit log: who (the user, or the
 * acknowledgement link), what (method and route, with the object's id as the target), the answer,
 * and from where. Sign-ins are written by {@link PasswordLogin}. Log shipping and the shippers'
 * start-up calls are not changes and are left out.
 */
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final Set<HandlerType> CHANGES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  /** A request attribute a handler sets to say in words what its change did. */
  public static final String DETAIL_ATTR = "mimamori.audit.detail";

  private final Store store;

  public AuditTrail(Store store) {
    this.store = store;
  }

  public void register(Javalin app) {
    app.after(this::record);
  }

  private void record(Context ctx) {
    if (!CHANGES.contains(ctx.method()) || skipped(ctx.path())) {
      return;
    }
    try {
      User u = ctx.attribute(ApiRoutes.USER_ATTR);
      String actor =
          u != null
              ? u.username()
              : ctx.path().startsWith("/ack/") ? "(acknowledgement link)" : "(anonymous)";
      String route = ctx.endpointHandlerPath();
      String target = ctx.pathParamMap().get("id");
      if (target == null && route.startsWith("/api/v1/reports/")) {
        target = ctx.pathParamMap().get("tenant");
      }
      int status = ctx.statusCode();
      String actorTenant = u == null ? null : u.tenant();
      // A change that went through is filed under the tenant of what it changed, so a tenant's
      // admin sees what the SOC did to its objects; a refused one under the actor's tenant, so
      // nobody learns of another tenant's users probing.
      String objectTenant = status < 400 && target != null ? objectTenant(route, target) : null;
      store
          .audit()
          .record(
              objectTenant != null ? objectTenant : actorTenant,
              actor,
              ctx.method().name() + " " + route,
              target,
              Integer.toString(status),
              ctx.ip(),
              detail(ctx, objectTenant, actorTenant));
    } catch (RuntimeException e) {
      LOG.warn("audit: {}", e.toString());
    }
  }

  private static @org.jspecify.annotations.Nullable String detail(
      Context ctx,
      @org.jspecify.annotations.Nullable String objectTenant,
      @org.jspecify.annotations.Nullable String actorTenant) {
    String said = ctx.attribute(DETAIL_ATTR);
    if (said != null) {
      return said;
    }
    return objectTenant != null && !objectTenant.equals(actorTenant) && actorTenant != null
        ? "by a user of " + actorTenant
        : null;
  }

  /** The tenant of the object a route with an id acts on, when it is one the store can find. */
  private @org.jspecify.annotations.Nullable String objectTenant(String route, String id) {
    TenantScope all = TenantScope.allTenants();
    if (route.startsWith("/api/v1/incidents/") || route.startsWith("/incidents/")) {
      return store.incidents().tenantOf(id).orElse(null);
    }
    if (route.startsWith("/api/v1/sites/") || route.startsWith("/sites/")) {
      return store.sites().find(all, id).map(x -> x.tenant()).orElse(null);
    }
    if (route.startsWith("/api/v1/users/") || route.startsWith("/users/")) {
      return store.users().find(all, id).map(x -> x.tenant()).orElse(null);
    }
    if (route.startsWith("/api/v1/tenants/")
        || route.startsWith("/tenants/")
        || route.startsWith("/api/v1/reports/")) {
      return store.tenants().find(all, id).map(x -> x.id()).orElse(null);
    }
    return null;
  }

  static boolean skipped(String path) {
    return path.equals("/login")
        || path.equals("/api/v1/tokens")
        || path.equals("/api/v1/ingest")
        || path.endsWith("/_bulk")
        || path.startsWith("/_")
        || (!path.startsWith("/api/")
            && !path.startsWith("/incidents/")
            && !path.startsWith("/ack/")
            && !path.startsWith("/account/")
            && !path.equals("/logout")
            && !CONSOLE_ADMIN.matcher(path).lookingAt());
  }

  /** The console's admin pages' forms (tenants, sites, users, rules, exceptions). */
  private static final java.util.regex.Pattern CONSOLE_ADMIN =
      java.util.regex.Pattern.compile("/(tenants|sites|users|rules|exceptions)(/|$)");
}
