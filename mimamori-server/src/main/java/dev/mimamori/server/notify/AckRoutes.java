package dev.mimamori.server.notify;

import dev.mimamori.incidents.oncall.AckLinks;
import dev.mimamori.incidents.oncall.AckToken;
import dev.mimamori.model.Incident;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The acknowledgement link in a page: {@code GET /ack/{token}} shows the incident and a button;
 * only the button's {@code POST} acknowledges, because mail and chat scanners open links on their
 * own. The token is signed and expires; it names the incident and the person, who is recorded as
 * the author on the timeline.
 */
public final class AckRoutes {
  private final Store store;
  private final AckLinks links;
  private final IncidentLifecycle lifecycle;
  private final Runnable acknowledged;

  public AckRoutes(
      Store store, AckLinks links, IncidentLifecycle lifecycle, Runnable acknowledged) {
    this.store = store;
    this.links = links;
    this.lifecycle = lifecycle;
    this.acknowledged = acknowledged;
  }

  public void register(Javalin app) {
    app.get("/ack/{token}", this::show);
    app.post("/ack/{token}", this::acknowledge);
  }

  private Optional<Incident> incident(AckToken t) {
    return store.incidents().get(TenantScope.allTenants(), t.incidentId());
  }

  private void show(Context ctx) {
    Optional<AckToken> t = links.verify(ctx.pathParam("token"));
    Optional<Incident> i = t.flatMap(this::incident);
    if (i.isEmpty()) {
      invalid(ctx);
      return;
    }
    Incident in = i.get();
    String body =
        "<h1>インシデントの確認 / Acknowledge incident</h1>"
            + "<dl><dt>重大度 / Severity</dt><dd>"
            + esc(in.severity().label())
            + "</dd><dt>ショップ / Shop</dt><dd>"
            + esc(in.asset())
            + "</dd><dt>タイトル / Title</dt><dd>"
            + esc(in.title())
            + "</dd><dt>状態 / Status</dt><dd>"
            + esc(in.status().label())
            + "</dd></dl>"
            + (in.status().isAcknowledged()
                ? "<p>確認済みです / Already acknowledged.</p>"
                : "<form method=\"post\"><button type=\"submit\">確認する / Acknowledge</button></form>");
    page(ctx, 200, body);
  }

  private void acknowledge(Context ctx) {
    Optional<AckToken> t = links.verify(ctx.pathParam("token"));
    Optional<Incident> i = t.flatMap(this::incident);
    if (i.isEmpty()) {
      invalid(ctx);
      return;
    }
    Incident done;
    try {
      done =
          lifecycle.acknowledge(
              TenantScope.of(i.get().tenant()), i.get().id(), t.get().personId() + " (ack link)");
    } catch (IncidentLifecycle.Refused e) {
      page(
          ctx,
          409,
          "<h1>このインシデントは閉じられています / This incident is closed</h1><p>"
              + esc(i.get().title())
              + "</p><p>"
              + esc(i.get().status().label())
              + "</p>");
      return;
    }
    acknowledged.run();
    page(
        ctx,
        200,
        "<h1>確認しました / Acknowledged</h1><p>"
            + esc(done.title())
            + "</p><p>エスカレーションは止まりました / Escalation stopped.</p>");
  }

  private static void invalid(Context ctx) {
    page(
        ctx,
        404,
        "<h1>リンクが無効か期限切れです / This link is invalid or has expired</h1>"
            + "<p>コンソールから確認してください / Please acknowledge in the console.</p>");
  }

  private static void page(Context ctx, int status, String body) {
    ctx.status(status)
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .contentType("text/html; charset=utf-8")
        .result(
            "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>mimamori</title>"
                + "</head><body>"
                + body
                + "</body></html>");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
