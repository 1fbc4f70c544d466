package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.incidents.InMemoryIncidentStore;
import dev.mimamori.incidents.IncidentCorrelator;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.pipeline.CheckpointStore;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.server.api.ApiJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Run log files through the detection pipeline once, without a server or database,",
      "and print the alerts and incidents. Exit code 1 when there are alerts."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files to read.")
  List<Path> files;

  @Option(names = "--json", description = "One JSON object per alert, then one per incident.")
  boolean json;

  @Mixin SourceOptions source;

  @Override
  public Integer call() throws Exception {
    ServeCommand.validate(spec, source.format);
    OneShotRead.checkFiles(files);
    InMemoryIncidentStore store = new InMemoryIncidentStore();
    OneShotRead listener = new OneShotRead();
    Pipeline pipeline =
        new Pipeline(
            new RuleLoader().builtinDetector(),
            new IncidentCorrelator(store, Duration.ofHours(6)),
            CheckpointStore.inMemory(),
            List.of(),
            listener,
            10_000);
    try {
      for (Path f : files) {
        pipeline.addSource(new SourceSpec(f, source.format, source.tenant, source.asset, false));
      }
      if (!pipeline.awaitIdle(Duration.ofHours(24))) {
        throw new IllegalStateException("analysis did not finish");
      }
    } finally {
      pipeline.close();
    }
    listener.throwIfFailed();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Alert> alerts = new ArrayList<>(store.alerts());
    alerts.sort(Comparator.comparing(Alert::timestamp));
    var stats = pipeline.stats();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      for (Alert a : alerts) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "alert");
        o.putAll(ApiJson.alert(a));
        out.println(m.writeValueAsString(o));
      }
      for (Incident i : store.incidents()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "incident");
        o.putAll(ApiJson.incident(i, true));
        out.println(m.writeValueAsString(o));
      }
    } else {
      for (Alert a : alerts) {
        out.printf(
            "%s %-8s %-32s %s%s%n",
            a.timestamp(),
            a.severity().label(),
            a.ruleId(),
            Sanitize.oneLine(a.title()),
            a.sourceIp() == null ? "" : " from " + Sanitize.oneLine(a.sourceIp()));
      }
      for (Incident i : store.incidents()) {
        out.printf(
            "incident %s [%s] %s: %d alerts, %s .. %s%n",
            i.id(),
            i.severity().label(),
            Sanitize.oneLine(i.title()),
            i.alertCount(),
            i.firstSeen(),
            i.lastSeen());
      }
    }
    err.printf(
        "%d lines, %d events, %d not parsed, %d alerts, %d incidents%n",
        stats.linesRead(),
        stats.eventsParsed(),
        stats.linesRejected(),
        alerts.size(),
        store.incidents().size());
    listener.printRejected(err);
    out.flush();
    err.flush();
    return alerts.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
  }
}
