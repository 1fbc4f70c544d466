package dev.mimamori.server.web;

import dev.mimamori.server.api.ApiRoutes;
import dev.mimamori.store.Store;
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
      int status = ctx.statusCode();
      store
          .audit()
          .record(
              u == null ? null : u.tenant(),
              actor,
              ctx.method().name() + " " + route,
              target,
              Integer.toString(status),
              ctx.ip(),
              null);
    } catch (RuntimeException e) {
      LOG.warn("audit: {}", e.toString());
    }
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
            && !path.equals("/logout"));
  }
}
