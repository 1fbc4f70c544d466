package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * Preparing events ahead on another thread ({@link Detector#prepare}, as {@code detect} and the
 * pipeline's readers do) gives the alerts of processing them on one thread, on a mixed log: the
 * demo shop's traffic and attack, and every web-attack and benign test value in a request.
 */
class DetectorPrepareTest {
  private static final Path DEMO_LOG =
      Path.of("../mimamori-cli/src/main/resources/demo/eccube-access.log");

  private static List<Event> mixedLog() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(DEMO_LOG, StandardCharsets.UTF_8));
    for (String name : List.of("attacks.tsv", "benign.txt")) {
      try (InputStream in =
          DetectorPrepareTest.class.getResourceAsStream("/testdata/web/" + name)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int n = 0;
        for (String l : text.split("\n")) {
          if (l.isBlank() || l.startsWith("#")) {
            continue;
          }
          String value = name.endsWith(".tsv") ? l.split("\t", 2)[1] : l;
          String q = URLEncoder.encode(value, StandardCharsets.UTF_8);
          // Requests from a few addresses, a second apart, so the behaviour rules count too.
          lines.add(
              String.format(
                  "203.0.113.%d - - [21/Nov/2026:10:%02d:%02d +0900] \"GET /products/list?name=%s"
                      + " HTTP/1.1\" %d 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"",
                  n % 3, (n / 60) % 60, n % 60, q, n % 4 == 0 ? 404 : 200));
          n++;
        }
      }
    }
    CombinedLogParser parser = new CombinedLogParser();
    List<Event> events = new ArrayList<>();
    for (int k = 0; k < lines.size(); k++) {
      ParseResult r =
          parser.parse(lines.get(k), new LineContext("t", "shop", "access.log", k * 300L, k + 1));
      if (r instanceof ParseResult.Parsed p) {
        events.add(p.event());
      }
    }
    return events;
  }

  private static List<Alert> onOneThread(List<Event> events) {
    Detector d = new RuleLoader().builtinDetector();
    List<Alert> out = new ArrayList<>();
    for (Event e : events) {
      out.addAll(d.process(e));
    }
    return out;
  }

  private static List<Alert> preparedOnAnotherThread(List<Event> events)
      throws InterruptedException {
    Detector d = new RuleLoader().builtinDetector();
    BlockingQueue<EventView> queue = new ArrayBlockingQueue<>(64);
    Thread reader =
        new Thread(
            () -> {
              try {
                for (Event e : events) {
                  queue.put(d.prepare(e));
                }
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
            });
    reader.start();
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.addAll(d.process(queue.take()));
    }
    reader.join();
    return out;
  }

  @Test
  void preparingAheadOnAnotherThreadGivesTheSameAlertsInTheSameOrder() throws Exception {
    List<Event> events = mixedLog();

    assertThat(preparedOnAnotherThread(events)).isNotEmpty().isEqualTo(onOneThread(events));
  }
}
