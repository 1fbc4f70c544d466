package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.archive.ArchivedEvent;
import dev.mimamori.archive.EventArchive;
import dev.mimamori.archive.SearchResult;
import dev.mimamori.incidents.notify.Sanitize;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Count and search the archived events of a data directory.",
    subcommands = {EventsCommand.Count.class, EventsCommand.Search.class})
final class EventsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: count or search");
  }

  /** Opens the archive of a data directory that exists. */
  static EventArchive open(CommandLine.Model.CommandSpec spec, Path dataDir) {
    Path root = dataDir.resolve("archive");
    if (!Files.isDirectory(dataDir)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no data directory at " + dataDir);
    }
    return new EventArchive(root);
  }

  @Command(
      name = "count",
      mixinStandardHelpOptions = true,
      description = "Print how many events are archived.")
  static final class Count implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--data-dir",
        defaultValue = "./mimamori-data",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      try (EventArchive archive = open(spec, dataDir)) {
        spec.commandLine().getOut().println(archive.count(null));
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = {
        "Print archived events matching QUERY, newest first. Lucene syntax over ECS fields:",
        "  source.ip:203.0.113.45   url.path:\"/html/user_data/x.php\"   sqlmap",
        "  http.response.status_code:[500 TO 599]   user_agent.original:nikto AND event.dataset:http.access",
        "Exit code 1 when something matched."
      })
  static final class Search implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "QUERY", description = "What to find; '*:*' for everything.")
    String query;

    @Option(
        names = "--data-dir",
        defaultValue = "./mimamori-data",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--from", description = "Earliest time, ISO-8601 (e.g. 2026-11-21T00:00:00Z).")
    String from;

    @Option(names = "--to", description = "Latest time (exclusive), ISO-8601.")
    String to;

    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "How many to print (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per event.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Instant f = instant("--from", from);
      Instant t = instant("--to", to);
      if (limit < 0 || limit > 10_000) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--limit must be between 0 and 10000");
      }
      SearchResult r;
      try (EventArchive archive = open(spec, dataDir)) {
        r = archive.search("*:*".equals(query) ? null : query, f, t, null, limit);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      ObjectMapper m = new ObjectMapper();
      for (ArchivedEvent e : r.events()) {
        if (json) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("@timestamp", e.timestamp().toString());
          o.put("tenant", e.tenant());
          o.put("event.dataset", e.dataset());
          o.put("log.file.path", e.logFilePath());
          o.put("log.offset", e.logOffset());
          o.put("event.original", e.original());
          out.println(m.writeValueAsString(o));
        } else {
          out.println(e.timestamp() + " " + e.tenant() + " " + Sanitize.oneLine(e.original()));
        }
      }
      spec.commandLine().getErr().println(r.total() + " matching events");
      out.flush();
      spec.commandLine().getErr().flush();
      return r.total() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private Instant instant(String option, String value) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            option + " must be an ISO-8601 instant such as 2026-11-21T00:00:00Z");
      }
    }
  }
}
