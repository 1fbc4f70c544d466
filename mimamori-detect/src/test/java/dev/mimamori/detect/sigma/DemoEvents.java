package dev.mimamori.detect.sigma;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The EC-CUBE demo log, parsed: a realistic shop's traffic with an attack in it. */
final class DemoEvents {
  static final Path DEMO_LOG = Path.of("../mimamori-cli/src/main/resources/demo/eccube-access.log");

  private DemoEvents() {}

  static List<Event> load() {
    CombinedLogParser parser = new CombinedLogParser();
    List<Event> out = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(DEMO_LOG, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        ParseResult r =
            parser.parse(
                lines.get(i), new LineContext("demo", "shop", "access.log", i * 200L, i + 1));
        if (r instanceof ParseResult.Parsed p) {
          out.add(p.event());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
