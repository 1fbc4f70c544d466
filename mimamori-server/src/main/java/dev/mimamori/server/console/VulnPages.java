package dev.mimamori.server.console;

import dev.mimamori.server.vuln.SiteFinding;
import dev.mimamori.server.vuln.VulnService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The vulnerabilities page: for every site of the reader's tenants, the advisories that apply to
 * what it runs, what fixes them, the rules that would show their exploitation, and accepted risks.
 * Read-only; risks are accepted through the API (docs/CONSOLE.md).
 */
public final class VulnPages {
  private final ConsoleRoutes console;
  private final VulnService vulns;

  public VulnPages(ConsoleRoutes console, VulnService vulns) {
    this.console = console;
    this.vulns = vulns;
  }

  public void register(Javalin app) {
    app.get("/vulnerabilities", this::page);
  }

  private void page(Context ctx) {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    List<SiteFinding> findings = vulns.findings(s.get().user().scope());
    Map<String, Object> p = new HashMap<>();
    p.put("view", console.view(ctx, s.get()));
    p.put("findings", findings);
    p.put("sightings", vulns.sightings(s.get().user().scope()));
    console.render(ctx, "vulnerabilities.jte", p);
  }

  /** The message key of a severity: CVSS's words, with "unknown" where no score was given. */
  public static String severityKey(dev.mimamori.vuln.advisory.Severity s) {
    return switch (s) {
      case UNKNOWN, NONE -> "vuln.severity." + s.name().toLowerCase(Locale.ROOT);
      default -> "severity." + s.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The CSS class of a severity (the alert list's colours). */
  public static String severityClass(dev.mimamori.vuln.advisory.Severity s) {
    return switch (s) {
      case UNKNOWN, NONE -> "sev sev-info";
      default -> "sev sev-" + s.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Only https links to a fix are links; anything else is shown as text. */
  public static boolean linkable(String url) {
    return url.startsWith("https://") && url.length() < 500;
  }
}
