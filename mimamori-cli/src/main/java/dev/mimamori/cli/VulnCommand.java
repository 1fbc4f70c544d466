package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.Merger;
import dev.mimamori.vuln.advisory.ReadResult;
import dev.mimamori.vuln.advisory.RecordError;
import dev.mimamori.vuln.inventory.Component;
import dev.mimamori.vuln.inventory.Inventory;
import dev.mimamori.vuln.inventory.InventoryScanner;
import dev.mimamori.vuln.inventory.PublicFingerprint;
import dev.mimamori.vuln.match.Finding;
import dev.mimamori.vuln.match.FindingMatcher;
import dev.mimamori.vuln.match.Verdict;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori vuln}: what a shop runs and which advisories apply (docs/VULNERABILITIES.md). */
@Command(
    name = "vuln",
    mixinStandardHelpOptions = true,
    description = "Vulnerabilities: inventory of a web root, advisories that apply, their fixes.",
    subcommands = {VulnCommand.Scan.class, VulnCommand.Import.class, CommandLine.HelpCommand.class})
final class VulnCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: scan or import");
  }

  @Command(
      name = "scan",
      mixinStandardHelpOptions = true,
      description = {
        "List what the web root ROOT runs (EC-CUBE 2/3/4 and plugins, composer.lock,",
        "package-lock.json, yarn.lock, WordPress and plugins, bundled JavaScript libraries) and the",
        "advisories that apply. Advisories come from the server's database (`vuln import`) and",
        "from --advisories and --feed. Nothing under ROOT is executed. Exit code 1 when",
        "something applies."
      })
  static final class Scan implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "ROOT",
        arity = "0..1",
        description = "The shop's web root (a folder); or --url.")
    @org.jspecify.annotations.Nullable
    Path root;

    @Option(
        names = "--url",
        paramLabel = "URL",
        description =
            "Without file access: fingerprint the shop's public page (its scripts, by URL and, on"
                + " the shop's own host, by header).")
    java.net.@org.jspecify.annotations.Nullable URI url;

    @Option(
        names = "--advisories",
        paramLabel = "PATH",
        arity = "1..*",
        description = "Advisory files or folders for this run (OSV, GitLab, CVE 5, NVD, JVN).")
    List<Path> advisories = new ArrayList<>();

    @Option(
        names = "--json",
        description =
            "One JSON object per finding on standard output; the inventory goes to stderr.")
    boolean json;

    @Option(
        names = "--site",
        paramLabel = "ID",
        description =
            "Also store the inventory as what this site runs in the server's database; the server"
                + " raises an alert for each finding it has not seen (within a minute).")
    @org.jspecify.annotations.Nullable
    String site;

    @Mixin KeysCommand.StoreOptions store;

    @Mixin VulnFeedOptions feeds;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if ((root == null) == (url == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give ROOT or --url");
      }
      if (root != null && !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileNotFoundException("no such folder: " + root);
      }
      List<Advisory> records = new ArrayList<>(stored(err));
      records.addAll(read(advisories, err));
      if (feeds.any()) {
        records.addAll(feeds.fetch(spec, err).advisories());
      }
      if (records.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "no advisories: give --advisories or --feed, or run `vuln import` first");
      }
      Inventory inv =
          root != null
              ? InventoryScanner.scan(root)
              : new PublicFingerprint(PublicFingerprint.defaultClient()).take(url);
      inv.notes().forEach(n -> err.println("note: " + Sanitize.oneLine(n)));
      if (site != null) {
        storeFor(site, inv);
      }
      PrintWriter inventoryOut = json ? err : out;
      inventoryOut.println(
          "inventory of " + Sanitize.oneLine(String.valueOf(root != null ? root : url)) + ":");
      for (Component c : inv.components()) {
        inventoryOut.println(
            "  "
                + Sanitize.oneLine(c.pkg().toString())
                + " "
                + Sanitize.oneLine(c.version())
                + "  ("
                + Sanitize.oneLine(c.foundIn())
                + ")");
      }
      List<Finding> findings =
          new FindingMatcher(Merger.merge(records))
              .match(inv.components(), n -> err.println("note: " + Sanitize.oneLine(n)));
      ObjectMapper mapper = new ObjectMapper();
      if (!json) {
        out.println(findings.isEmpty() ? "no advisory applies" : "findings:");
      }
      for (Finding f : findings) {
        if (json) {
          out.println(mapper.writeValueAsString(json(f, mapper)));
        } else {
          print(f, out);
        }
      }
      out.flush();
      err.printf(
          "%d components, %d advisory records, %d findings%n",
          inv.components().size(), records.size(), findings.size());
      err.flush();
      return findings.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    private void storeFor(String siteId, Inventory inv) {
      try (Store s = store.open(spec, true)) {
        if (!s.vulns().replaceSoftware(TenantScope.allTenants(), siteId, inv.components())) {
          throw new CommandLine.ParameterException(spec.commandLine(), "no such site: " + siteId);
        }
      }
    }

    private List<Advisory> stored(PrintWriter err) {
      String database = store.db != null ? store.db : System.getenv("MIMAMORI_DB");
      if (database == null && !Files.isRegularFile(store.dataDir.resolve("mimamori.db"))) {
        return List.of();
      }
      try (Store s = store.open(spec, true)) {
        return s.vulns().advisories(p -> err.println("stored advisory unreadable: " + p));
      }
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Load advisory files or folders (OSV, GitLab YAML, CVE JSON 5, NVD API 2.0, JVN VULDEF",
        "XML or JSON) and the answers of --feed osv|nvd|jvn into the server's database. A record",
        "that cannot be read is reported and the others are loaded. Exit code 1 when some records",
        "were refused, 3 when a feed could not be reached (the other feeds and files are loaded)."
      })
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Advisory files or folders.")
    List<Path> paths = new ArrayList<>();

    @Mixin KeysCommand.StoreOptions store;

    @Mixin VulnFeedOptions feeds;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      if (paths.isEmpty() && !feeds.any()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give PATH... or --feed");
      }
      for (Path p : paths) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileNotFoundException("no such file or directory: " + p);
        }
      }
      ReadResult r = new AdvisoryReader().read(paths);
      r.errors().forEach(e -> err.println("refused: " + Sanitize.oneLine(e.toString())));
      List<Advisory> records = new ArrayList<>(r.advisories());
      int refused = r.errors().size();
      boolean feedFailed = false;
      if (feeds.any()) {
        VulnFeedOptions.Fetched fetched = feeds.fetch(spec, err);
        records.addAll(fetched.advisories());
        refused += fetched.refused().size();
        feedFailed = fetched.failed();
      }
      int n;
      try (Store s = store.open(spec, false)) {
        n = s.vulns().importAdvisories(records);
      }
      err.printf("%d advisory records imported, %d refused%n", n, refused);
      err.flush();
      if (feedFailed) {
        return ExitCodes.FAILURE;
      }
      return refused == 0 ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
  }

  static List<Advisory> read(List<Path> paths, PrintWriter err) throws IOException {
    for (Path p : paths) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileNotFoundException("no such file or directory: " + p);
      }
    }
    if (paths.isEmpty()) {
      return List.of();
    }
    ReadResult r = new AdvisoryReader().read(paths);
    for (RecordError e : r.errors()) {
      err.println("refused: " + Sanitize.oneLine(e.toString()));
    }
    return r.advisories();
  }

  static ObjectNode json(Finding f, ObjectMapper mapper) {
    ObjectNode o = mapper.createObjectNode();
    o.put("package", f.component().pkg().name());
    o.put("ecosystem", f.component().pkg().ecosystem());
    o.put("version", f.component().version());
    o.put("found_in", f.component().foundIn());
    ArrayNode ids = o.putArray("ids");
    f.ids().forEach(ids::add);
    o.put("severity", f.severity().name());
    o.put("fixed_in", f.fixedIn());
    o.put("title", f.title());
    o.put("impact", f.impact());
    ArrayNode urls = o.putArray("fix_urls");
    f.fixUrls().forEach(urls::add);
    ArrayNode rules = o.putArray("rules");
    f.rules().forEach(rules::add);
    o.put("disagreement", f.disagreement());
    ArrayNode sources = o.putArray("sources");
    for (Verdict v : f.verdicts()) {
      ObjectNode s = sources.addObject();
      s.put("source", v.source().name().toLowerCase(java.util.Locale.ROOT));
      s.put("id", v.id());
      s.put("affected", v.affected());
      s.put("range", v.range());
      ArrayNode notes = s.putArray("notes");
      v.notes().forEach(notes::add);
    }
    return o;
  }

  private static void print(Finding f, PrintWriter out) {
    out.println(
        "  "
            + f.severity()
            + "  "
            + Sanitize.oneLine(String.join(" ", f.ids()))
            + "  "
            + Sanitize.oneLine(f.component().pkg().name())
            + " "
            + Sanitize.oneLine(f.component().version()));
    out.println("      " + Sanitize.oneLine(f.title()));
    out.println(
        "      fixed in: "
            + (f.fixedIn() == null ? "no fixed version known" : Sanitize.oneLine(f.fixedIn())));
    for (String u : f.fixUrls()) {
      out.println("      " + Sanitize.oneLine(u));
    }
    if (!f.rules().isEmpty()) {
      out.println("      detection rules: " + String.join(", ", f.rules()));
    }
    if (f.disagreement()) {
      for (Verdict v : f.verdicts()) {
        out.println(
            "      "
                + v.source().label()
                + " "
                + Sanitize.oneLine(v.id())
                + (v.affected() ? " says affected: " : " says not affected: ")
                + Sanitize.oneLine(v.range()));
      }
    }
  }
}
