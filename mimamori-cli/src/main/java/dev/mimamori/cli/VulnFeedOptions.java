package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.RecordError;
import dev.mimamori.vuln.feed.FeedHttp;
import dev.mimamori.vuln.feed.FeedImporter;
import dev.mimamori.vuln.feed.FeedName;
import dev.mimamori.vuln.feed.FeedOutcome;
import dev.mimamori.vuln.feed.FeedQuery;
import dev.mimamori.vuln.feed.Sleeper;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --feed} and its companions: advisories fetched from the online feeds for this command. */
final class VulnFeedOptions {
  @Option(
      names = "--feed",
      paramLabel = "NAME",
      description =
          "Also fetch advisories from a feed: osv (OSV API, with the GitHub advisory database),"
              + " nvd (NVD API 2.0; API key from NVD_API_KEY) or jvn (MyJVN API). Repeatable.")
  List<String> feeds = new ArrayList<>();

  @Option(
      names = "--feed-url",
      paramLabel = "NAME=URL",
      description = "Ask a mirror (or a test server) instead of the feed's public endpoint.")
  Map<String, String> urls = new LinkedHashMap<>();

  @Option(
      names = "--since",
      paramLabel = "YYYY-MM-DD",
      description = "Only what the feeds changed on or after this day.")
  @Nullable String since;

  @Option(
      names = "--package",
      paramLabel = "NAME",
      description = "Packagist packages to ask OSV about besides ec-cube/ec-cube. Repeatable.")
  List<String> packages = new ArrayList<>();

  /** What the feeds gave, and whether any of them failed. */
  record Fetched(List<Advisory> advisories, List<RecordError> refused, boolean failed) {}

  boolean any() {
    return !feeds.isEmpty();
  }

  Fetched fetch(CommandLine.Model.CommandSpec spec, PrintWriter err) {
    Map<FeedName, URI> chosen = chosen(spec);
    FeedQuery query = FeedQuery.of(packages, sinceDay(spec));
    FeedImporter importer = new FeedImporter(new AdvisoryReader());
    FeedHttp http = FeedHttp.defaults();
    String apiKey = System.getenv("NVD_API_KEY");
    List<Advisory> advisories = new ArrayList<>();
    List<RecordError> refused = new ArrayList<>();
    boolean failed = false;
    for (Map.Entry<FeedName, URI> e : chosen.entrySet()) {
      FeedName name = e.getKey();
      err.printf("feed %s: asking %s%n", name.label(), Sanitize.oneLine(e.getValue().toString()));
      err.flush();
      FeedOutcome o =
          importer.run(
              name, name.open(e.getValue(), http, apiKey, Clock.systemUTC(), Sleeper.REAL), query);
      o.read().errors().forEach(r -> err.println("refused: " + Sanitize.oneLine(r.toString())));
      err.printf(
          "feed %s: %d advisory records from %d answers, %d refused%n",
          name.label(), o.read().advisories().size(), o.documents(), o.read().errors().size());
      String failure = o.failure();
      if (failure != null) {
        failed = true;
        err.println("feed " + name.label() + " failed: " + Sanitize.oneLine(failure));
      }
      err.flush();
      advisories.addAll(o.read().advisories());
      refused.addAll(o.read().errors());
    }
    return new Fetched(advisories, refused, failed);
  }

  private Map<FeedName, URI> chosen(CommandLine.Model.CommandSpec spec) {
    Set<FeedName> names = new LinkedHashSet<>();
    try {
      feeds.forEach(f -> names.add(FeedName.parse(f)));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Map<FeedName, URI> chosen = new EnumMap<>(FeedName.class);
    names.forEach(n -> chosen.put(n, n.endpoint()));
    for (Map.Entry<String, String> u : urls.entrySet()) {
      FeedName name;
      URI uri;
      try {
        name = FeedName.parse(u.getKey());
        uri = URI.create(u.getValue().trim());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--feed-url " + u.getKey() + ": " + e.getMessage());
      }
      if (!names.contains(name)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--feed-url " + name.label() + " without --feed " + name.label());
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--feed-url " + name.label() + ": not an http(s) URL");
      }
      chosen.put(name, uri);
    }
    return chosen;
  }

  private @Nullable LocalDate sinceDay(CommandLine.Model.CommandSpec spec) {
    if (since == null) {
      return null;
    }
    try {
      return LocalDate.parse(since);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--since: not a day (YYYY-MM-DD): " + since);
    }
  }
}
