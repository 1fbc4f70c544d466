package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.AuditRepository;
import dev.mimamori.store.Cursor;
import dev.mimamori.store.Page;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/audit}: the audit log of the caller's tenants, for admins, newest first, as
 * JSON or exported as CSV ({@code format=csv}) or JSON lines ({@code format=jsonl}).
 */
public final class AuditRoutes {
  static final int MAX = 10_000;
  private final Store store;
  private final Clock clock;
  private static final ObjectMapper JSON = new ObjectMapper();

  public AuditRoutes(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.get(ApiRoutes.PREFIX + "/audit", this::list);
  }

  private void list(Context ctx) throws Exception {
    User u = ApiRoutes.user(ctx);
    if (!User.ADMIN.equals(u.role())) {
      throw new ApiError(403, "only an admin reads the audit log");
    }
    Instant to = instant(ctx, "to", clock.instant().plusSeconds(1));
    Instant from = instant(ctx, "from", to.minus(Duration.ofDays(30)));
    int limit = 1000;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l.trim());
      } catch (NumberFormatException e) {
        throw new ApiError(400, "limit must be a number");
      }
      if (limit < 1 || limit > MAX) {
        throw new ApiError(400, "limit must be between 1 and " + MAX);
      }
    }
    Cursor after = ApiRoutes.cursorParam(ctx, PageCursors.AUDIT, 0);
    Page<AuditRepository.Entry> page = store.audit().page(u.scope(), from, to, limit, after);
    List<AuditRepository.Entry> entries = page.items();
    String format = ctx.queryParam("format");
    if ("csv".equals(format)) {
      sendCsv(ctx, entries);
      return;
    }
    if ("jsonl".equals(format)) {
      sendJsonLines(ctx, entries);
      return;
    }
    if (format != null && !format.equals("json")) {
      throw new ApiError(400, "format must be json, jsonl or csv");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", entries.stream().map(AuditRoutes::map).toList());
    // How many are in this answer, as before; the range may hold more (next_cursor).
    out.put("total", entries.size());
    out.put(
        "next_cursor",
        page.next() == null ? null : PageCursors.encode(PageCursors.AUDIT, page.next()));
    ctx.json(out);
  }

  /** Sends entries as a CSV download (the API's {@code format=csv}, the console's export). */
  public static void sendCsv(Context ctx, List<AuditRepository.Entry> entries) {
    StringBuilder b =
        new StringBuilder("at,tenant,actor,action,target,outcome,source_ip,detail\r\n");
    for (AuditRepository.Entry e : entries) {
      b.append(
              String.join(
                  ",",
                  csv(e.at().toString()),
                  csv(e.tenant()),
                  csv(e.actor()),
                  csv(e.action()),
                  csv(e.target()),
                  csv(e.outcome()),
                  csv(e.sourceIp()),
                  csv(e.detail())))
          .append("\r\n");
    }
    ctx.header("Content-Disposition", "attachment; filename=\"mimamori-audit.csv\"")
        .contentType("text/csv; charset=utf-8")
        .result(b.toString());
  }

  /** Sends entries as a JSON-lines download. */
  public static void sendJsonLines(Context ctx, List<AuditRepository.Entry> entries) {
    StringBuilder b = new StringBuilder();
    try {
      for (AuditRepository.Entry e : entries) {
        b.append(JSON.writeValueAsString(map(e))).append('\n');
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ctx.header("Content-Disposition", "attachment; filename=\"mimamori-audit.jsonl\"")
        .contentType("application/x-ndjson; charset=utf-8")
        .result(b.toString());
  }

  private static Map<String, Object> map(AuditRepository.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at().toString());
    m.put("tenant", e.tenant());
    m.put("actor", e.actor());
    m.put("action", e.action());
    m.put("target", e.target());
    m.put("outcome", e.outcome());
    m.put("source_ip", e.sourceIp());
    m.put("detail", e.detail());
    return m;
  }

  /**
   * A CSV field, quoted, with a leading {@code = + - @} (and tab, CR) neutralised so a spreadsheet
   * never runs a value an attacker chose as its user name as a formula.
   */
  static String csv(@org.jspecify.annotations.Nullable String v) {
    if (v == null) {
      return "";
    }
    String s = v;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static Instant instant(Context ctx, String name, Instant dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Instant.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new ApiError(400, name + " must be an ISO-8601 instant such as 2026-11-21T00:00:00Z");
    }
  }
}
