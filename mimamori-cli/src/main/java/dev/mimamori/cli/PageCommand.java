package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.storefront.CspGenerator;
import dev.mimamori.storefront.Flow;
import dev.mimamori.storefront.FlowParser;
import dev.mimamori.storefront.HostPolicy;
import dev.mimamori.storefront.InventoryJson;
import dev.mimamori.storefront.InventoryTaker;
import dev.mimamori.storefront.PageCheck;
import dev.mimamori.storefront.PageInventory;
import dev.mimamori.storefront.PageVisit;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori page}: a shop page as a customer's browser sees it (docs/STOREFRONT.md). */
@Command(
    name = "page",
    mixinStandardHelpOptions = true,
    description = "A page in headless Chromium: inventory of scripts and requests, check.",
    subcommands = {
      PageCommand.Inventory.class,
      PageCommand.Check.class,
      PageCommand.CspHeader.class,
      CommandLine.HelpCommand.class
    })
final class PageCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: inventory, check or csp");
  }

  /** Options both commands share. */
  static final class Common {
    @Parameters(paramLabel = "URL", description = "The page (http or https).")
    String url;

    @Option(names = "--json", description = "JSON instead of a summary.")
    boolean json;

    @Option(
        names = "--wait",
        paramLabel = "MILLIS",
        defaultValue = "2000",
        description =
            "How long the page may keep working after it loaded and after test data was typed"
                + " (default: ${DEFAULT-VALUE} ms).")
    long waitMillis;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "30",
        description = "Page-load timeout (default: ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    @Option(
        names = "--flow",
        paramLabel = "FILE",
        description =
            "A YAML flow (open, click, type, select, wait_for, pause steps) walked from URL before"
                + " the inventory, e.g. log in and go to the checkout (docs/STOREFRONT.md).")
    @org.jspecify.annotations.Nullable
    Path flow;

    @Option(
        names = "--var",
        paramLabel = "NAME=VALUE",
        description = "A flow variable such as the test account's password (repeatable).")
    Map<String, String> vars = new LinkedHashMap<>();

    Flow flow(CommandLine.Model.CommandSpec spec) {
      if (flow == null) {
        return Flow.NONE;
      }
      try {
        return FlowParser.parse(Files.readString(flow), vars);
      } catch (IOException | IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), flow + ": " + e.getMessage());
      }
    }

    PageInventory inventory(CommandLine.Model.CommandSpec spec) {
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "not a URL: " + url);
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "not an http(s) URL: " + url);
      }
      if (waitMillis < 0 || waitMillis > 60_000 || timeoutSeconds < 1 || timeoutSeconds > 600) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--wait must be 0..60000 ms and --timeout 1..600 s");
      }
      Flow walk = flow(spec);
      try {
        return PageVisit.inventory(
            url,
            walk,
            InventoryTaker.TestData.DEFAULT,
            PageVisit.Limits.of(Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(waitMillis)));
      } catch (PageVisit.Failed e) {
        throw new PageFailed(e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "inventory",
      mixinStandardHelpOptions = true,
      description =
          "Load the page, list its scripts (with SHA-256), requests, frames, forms and CSP, type a"
              + " test card number and password into its sensitive fields and list what it sends"
              + " afterwards.")
  static final class Inventory implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Override
    public Integer call() {
      PageInventory p = common.inventory(spec);
      PrintWriter out = spec.commandLine().getOut();
      out.println(common.json ? InventoryJson.write(p) : summary(p));
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Inventory the page and compare it with a baseline from `page inventory --json`: new,"
              + " removed and changed scripts, new hosts, typed data sent elsewhere. Exit code 1"
              + " when a finding is high or critical.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Option(
        names = "--baseline",
        required = true,
        paramLabel = "FILE",
        description = "A saved `page inventory --json`.")
    Path baseline;

    @Option(
        names = "--allow-host",
        paramLabel = "HOST",
        description = "A host that may receive card data, e.g. the payment provider (repeatable).")
    List<String> allowHosts = new ArrayList<>();

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The site's host policy in YAML: payment_hosts (may receive card data) and"
                + " allowed_hosts (analytics, CDNs: may be contacted), `*.example.com` for a domain.")
    @org.jspecify.annotations.Nullable
    Path config;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(baseline)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "no such baseline: " + baseline);
      }
      PageInventory before;
      try {
        before = InventoryJson.read(baseline);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      HostPolicy policy;
      try {
        policy =
            (config == null ? HostPolicy.NONE : HostPolicy.parse(Files.readString(config)))
                .withPaymentHosts(allowHosts);
      } catch (IOException | IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), (config == null ? "--allow-host" : config) + ": " + e.getMessage());
      }
      PageInventory now = common.inventory(spec);
      PageCheck.Report r = PageCheck.compare(before, now, policy);
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        out.println(InventoryJson.write(r));
      } else {
        if (r.findings().isEmpty()) {
          out.println("no changes: " + Sanitize.oneLine(now.url()));
        }
        for (PageCheck.Finding f : r.findings()) {
          out.printf("%-8s  %s%n", f.severity().label(), Sanitize.oneLine(f.message()));
        }
      }
      out.flush();
      return r.alarming() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
  }

  @Command(
      name = "csp",
      mixinStandardHelpOptions = true,
      description =
          "A Content-Security-Policy-Report-Only header that allows what the page loads now (or"
              + " what a saved inventory holds) and nothing else, reporting to --report-uri.")
  static final class CspHeader implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Option(
        names = "--from",
        paramLabel = "FILE",
        description = "Use a saved `page inventory --json` instead of loading URL.")
    @org.jspecify.annotations.Nullable
    Path from;

    @Option(
        names = "--report-uri",
        paramLabel = "URI",
        defaultValue = "",
        description = "Where browsers send reports, e.g. the site's https://SERVER/csp/TOKEN.")
    String reportUri;

    @Override
    public Integer call() throws IOException {
      PageInventory p;
      if (from != null) {
        if (!Files.isRegularFile(from)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + from);
        }
        try {
          p = InventoryJson.read(from);
        } catch (IOException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      } else {
        p = common.inventory(spec);
      }
      CspGenerator.Headers h;
      try {
        h = CspGenerator.reportOnly(p, reportUri);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--report-uri: " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        out.println(
            InventoryJson.write(
                Map.of(
                    "content_security_policy_report_only",
                    h.policy(),
                    "reporting_endpoints",
                    h.reportingEndpoints())));
      } else {
        out.print(h.asText());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** A page that gave no inventory: the command's failure, exit code 3. */
  static final class PageFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PageFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static String summary(PageInventory p) {
    StringBuilder b = new StringBuilder();
    b.append("page ").append(p.finalUrl()).append('\n');
    b.append("scripts: ").append(p.scripts().size()).append('\n');
    for (PageInventory.Script s : p.scripts()) {
      b.append("  ")
          .append(s.inline() ? "inline" : s.src())
          .append("  sha256 ")
          .append(s.hash().isEmpty() ? "(unread)" : s.hash())
          .append(s.addedByScript() ? "  added by a script" : "")
          .append('\n');
    }
    b.append("requests: ").append(p.requests().size()).append('\n');
    for (PageInventory.Request r : p.requests()) {
      b.append("  ")
          .append(r.method())
          .append(' ')
          .append(r.url())
          .append("  ")
          .append(r.type())
          .append(r.failed() ? "  FAILED " + r.error() : "")
          .append('\n');
    }
    for (String f : p.iframes()) {
      b.append("iframe ").append(f).append('\n');
    }
    for (PageInventory.Form f : p.forms()) {
      b.append("form ").append(f.method()).append(' ').append(f.action()).append('\n');
      for (PageInventory.Field x : f.fields()) {
        b.append("  ")
            .append(x.name().isEmpty() ? x.id() : x.name())
            .append(": ")
            .append(x.kind().label())
            .append('\n');
      }
    }
    PageInventory.Csp csp = p.csp();
    b.append("csp: ").append(csp.header().isEmpty() ? "(no header)" : csp.header()).append('\n');
    if (!csp.reportOnlyHeader().isEmpty()) {
      b.append("csp report-only: ").append(csp.reportOnlyHeader()).append('\n');
    }
    for (String m : csp.meta()) {
      b.append("csp meta: ").append(m).append('\n');
    }
    b.append("after typing test data: ").append(p.afterInput().size()).append(" requests\n");
    for (PageInventory.Request r : p.afterInput()) {
      b.append("  ")
          .append(r.carriesSensitiveData() ? "SENSITIVE DATA  " : "")
          .append(r.method())
          .append(' ')
          .append(r.url())
          .append('\n');
    }
    // Attacker-controlled text: one line each, invisible characters made visible.
    StringBuilder safe = new StringBuilder();
    b.toString().lines().forEach(l -> safe.append(Sanitize.oneLine(l)).append('\n'));
    return safe.toString().stripTrailing();
  }
}
