package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.uptime.CheckSpec;
import dev.mimamori.uptime.DnsAnswer;
import dev.mimamori.uptime.DnsCheck;
import dev.mimamori.uptime.DnsQuery;
import dev.mimamori.uptime.HttpCheck;
import dev.mimamori.uptime.HttpResult;
import dev.mimamori.uptime.TargetPolicy;
import dev.mimamori.uptime.TargetRefusedException;
import dev.mimamori.uptime.TlsCheck;
import dev.mimamori.uptime.TlsResult;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori uptime}: HTTP(S), TLS and DNS checks of a URL (docs/STOREFRONT.md). */
@Command(
    name = "uptime",
    mixinStandardHelpOptions = true,
    description = "Uptime, TLS and DNS checks of a URL.",
    subcommands = {UptimeCommand.Check.class, CommandLine.HelpCommand.class})
final class UptimeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check");
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Check a URL once: status, latency, keyword, the TLS certificate (https) and DNS records."
              + " Exit code 0 when up, 1 when down or the certificate is invalid, 2 for a wrong"
              + " command line or a refused target.")
  static final class Check implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "The page (http or https).")
    String url;

    @Option(names = "--keyword", paramLabel = "TEXT", description = "Text the page must contain.")
    @Nullable String keyword;

    @Option(
        names = "--dns",
        paramLabel = "NAME[:TYPE]",
        description =
            "A DNS name to look up, type A, AAAA, CNAME, NS or MX (default A; repeatable).")
    List<String> dns = new ArrayList<>();

    @Option(
        names = "--resolver",
        paramLabel = "HOST:PORT",
        description = "The DNS resolver to ask (default: the system's).")
    @Nullable String resolver;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "10",
        description = "The whole check ends by then (default: ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    @Option(
        names = "--tls-warn-days",
        paramLabel = "DAYS",
        defaultValue = "14",
        description = "Warn when the certificate expires within this many days.")
    int warnDays;

    @Option(
        names = "--lab",
        description =
            "Allow loopback targets (tests, a shop on this host); metadata stays refused.")
    boolean lab;

    @Option(names = "--json", description = "JSON instead of a summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      CheckSpec s;
      List<DnsQuery> queries = new ArrayList<>();
      @Nullable InetSocketAddress resolverAddress;
      TargetPolicy policy = lab ? TargetPolicy.lab(Set.of()) : TargetPolicy.strict(Set.of());
      try {
        for (String d : dns) {
          queries.add(DnsQuery.parse(d));
        }
        resolverAddress = resolver == null ? null : address(resolver);
        s =
            CheckSpec.of(URI.create(url))
                .withTimeout(Duration.ofSeconds(timeoutSeconds))
                .withKeyword(keyword)
                .withTlsWarnDays(warnDays)
                .withDns(queries);
        policy.check(s.url());
      } catch (TargetRefusedException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      ExecutorService pool = Executors.newCachedThreadPool();
      try {
        HttpResult h =
            new HttpCheck(HttpCheck.newClient(SSLContext.getDefault(), pool), policy).run(s);
        TlsResult t = null;
        if ("https".equals(s.url().getScheme())) {
          int port = s.url().getPort() < 0 ? 443 : s.url().getPort();
          t =
              TlsCheck.withJdkTrust(Clock.systemUTC())
                  .run(s.url().getHost(), port, s.timeout(), s.tlsWarnDays());
        }
        List<DnsAnswer> answers = new ArrayList<>();
        DnsCheck d = new DnsCheck(resolverAddress, Duration.ofSeconds(Math.min(5, timeoutSeconds)));
        for (DnsQuery q : queries) {
          answers.add(d.lookup(q));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? json(s, h, t, answers) : summary(s, h, t, answers));
        out.flush();
        boolean ok = h.up() && (t == null || !t.chainInvalid());
        return ok ? ExitCodes.OK : ExitCodes.FINDINGS;
      } finally {
        pool.shutdownNow();
      }
    }

    private InetSocketAddress address(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      try {
        return colon < 0
            ? new InetSocketAddress(hostPort, 53)
            : new InetSocketAddress(
                hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--resolver must be HOST or HOST:PORT: " + hostPort, e);
      }
    }

    private static String summary(
        CheckSpec s, HttpResult h, @Nullable TlsResult t, List<DnsAnswer> answers) {
      StringBuilder b = new StringBuilder();
      b.append(h.up() ? "UP" : "DOWN")
          .append("  ")
          .append(Sanitize.oneLine(s.url().toString()))
          .append("  status ")
          .append(h.status())
          .append("  ")
          .append(h.latency().toMillis())
          .append(" ms");
      if (h.failure() != null) {
        b.append("\n  ").append(h.failure()).append(": ").append(Sanitize.oneLine(h.detail()));
      }
      if (h.bodySha256() != null) {
        b.append("\n  body sha256 ")
            .append(h.bodySha256())
            .append(h.truncated() ? " (first 2 MiB)" : "");
      }
      if (t != null) {
        b.append("\nTLS  ")
            .append(
                t.notAfter() == null
                    ? "no certificate"
                    : t.daysLeft() + " days left, until " + t.notAfter())
            .append(t.problems().isEmpty() ? "" : "  problems: " + t.problems());
      }
      for (DnsAnswer a : answers) {
        b.append("\nDNS  ")
            .append(a.query())
            .append("  ")
            .append(
                a.answered()
                    ? String.join(" ", a.records().stream().map(Sanitize::oneLine).toList())
                    : "no answer: " + a.failure());
      }
      return b.toString();
    }

    private static String json(
        CheckSpec s, HttpResult h, @Nullable TlsResult t, List<DnsAnswer> answers)
        throws Exception {
      ObjectNode o = JSON.createObjectNode();
      o.put("url", s.url().toString());
      o.put("up", h.up());
      o.put("status", h.status());
      o.put("latency_ms", h.latency().toMillis());
      o.put("failure", h.failure() == null ? null : h.failure().name());
      o.put("detail", h.detail());
      o.put("body_sha256", h.bodySha256());
      o.put("body_bytes", h.bodyBytes());
      o.put("truncated", h.truncated());
      o.put("final_url", h.finalUrl().toString());
      if (t != null) {
        ObjectNode tls = o.putObject("tls");
        tls.put("days_left", t.daysLeft());
        tls.put("not_after", t.notAfter() == null ? null : t.notAfter().toString());
        tls.put("subject", t.subject());
        tls.put("issuer", t.issuer());
        var p = tls.putArray("problems");
        t.problems().stream().map(Enum::name).sorted().forEach(p::add);
        tls.put("detail", t.detail());
      }
      var dnsOut = o.putArray("dns");
      for (DnsAnswer a : answers) {
        ObjectNode d = dnsOut.addObject();
        d.put("name", a.query().name());
        d.put("type", a.query().type().name());
        var r = d.putArray("records");
        a.records().forEach(r::add);
        d.put("failure", a.failure());
      }
      return JSON.writeValueAsString(o);
    }
  }
}
