package dev.mimamori.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Alert;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A rule's own test cases: log lines that must fire it and lines that must not. They sit beside the
 * rule, under {@code tests:} (a custom attribute in a Sigma rule, a key of a rule in mimamori's own
 * format):
 *
 * <pre>
 * tests:
 *   format: combined          # optional, default auto
 *   match:
 *     - 'one line'            # fires on this line alone
 *     - ['line 1', 'line 2']  # fires somewhere in this sequence
 *     - {lines: 'a line', repeat: 10}      # {n}: 0, 1, ...; {ip}: 10.0.0.1, 10.0.0.2, ...
 *   no_match:
 *     - 'a line that must not fire it'
 * </pre>
 *
 * Each case runs on a fresh copy of all rules of the same source, so a threshold's count starts at
 * zero and one case never leaks into the next.
 */
public final class RuleTests {
  /** A case may not expand to more lines than this (a {@code repeat} typo must not hang). */
  static final int MAX_CASE_LINES = 100_000;

  /**
   * Rule files are small; a bigger one is not read for its cases (as the Sigma loader refuses it).
   */
  static final int MAX_FILE_BYTES = 1 << 20;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One case's outcome. */
  public record Result(
      String ruleId, String file, String kind, int index, boolean passed, String detail) {}

  /** What a run found: the results and the rules that have no test cases. */
  public record Report(List<Result> results, List<String> untested, List<String> errors) {
    public boolean passed() {
      return errors.isEmpty() && results.stream().allMatch(Result::passed);
    }

    public long failures() {
      return results.stream().filter(r -> !r.passed()).count();
    }
  }

  private record Case(
      String ruleId, String file, String kind, int index, String format, List<String> lines) {}

  private RuleTests() {}

  /** Runs the test cases of the built-in rules and the rule pack. */
  public static Report builtin() {
    List<String> errors = new ArrayList<>();
    List<Case> cases = new ArrayList<>();
    try {
      readOwn("builtin:" + RuleLoader.BUILTIN, RuleLoader.resource(RuleLoader.BUILTIN), cases);
      for (String r : RuleLoader.PACK) {
        readSigma("builtin:" + r, RuleLoader.resource(r), cases);
      }
    } catch (IOException | IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    RuleFiles rules = RuleFiles.builtin();
    return run(cases, ids(rules), () -> RuleFiles.builtin().detector(), errors);
  }

  /** Runs the test cases of the rule files in a file or directory. */
  public static Report of(Path path) throws IOException {
    RuleFiles rules = RuleFiles.load(path);
    List<String> errors = new ArrayList<>();
    rules.errors().forEach(e -> errors.add(e.toString()));
    List<Case> cases = new ArrayList<>();
    List<Path> files = RuleFiles.files(path);
    if (files.size() > dev.mimamori.detect.sigma.SigmaLoader.MAX_FILES) {
      return new Report(List.of(), List.of(), List.copyOf(errors)); // RuleFiles said why
    }
    for (Path f : files) {
      if (Files.size(f) > MAX_FILE_BYTES) {
        errors.add(f + ": larger than " + MAX_FILE_BYTES + " bytes; its cases are not read");
        continue;
      }
      try {
        String text = Files.readString(f, StandardCharsets.UTF_8); // not UTF-8: an error below
        if (RuleFiles.isOwnFormat(f)) {
          readOwn(f.toString(), text, cases);
        } else {
          readSigma(f.toString(), text, cases);
        }
      } catch (IOException | IllegalArgumentException e) {
        errors.add(f + ": " + e.getMessage());
      }
    }
    return run(
        cases,
        ids(rules),
        () -> {
          try {
            return RuleFiles.load(path).detector();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        errors);
  }

  private static List<String> ids(RuleFiles rules) {
    List<String> ids = new ArrayList<>();
    rules.own().forEach(r -> ids.add(r.meta().id()));
    rules.sigma().ruleSet().rules().forEach(r -> ids.add(r.meta().id()));
    rules.sigma().ruleSet().correlations().forEach(c -> ids.add(c.meta().id()));
    return ids;
  }

  private static Report run(
      List<Case> cases, List<String> ids, Supplier<Detector> fresh, List<String> errors) {
    List<Result> results = new ArrayList<>();
    for (Case c : cases) {
      if (!ids.contains(c.ruleId())) {
        errors.add(c.file() + ": tests for '" + c.ruleId() + "', which did not load");
        continue;
      }
      results.add(run(c, fresh.get()));
    }
    List<String> untested = new ArrayList<>();
    for (String id : ids) {
      if (cases.stream().noneMatch(c -> c.ruleId().equals(id))) {
        untested.add(id);
      }
    }
    return new Report(List.copyOf(results), List.copyOf(untested), List.copyOf(errors));
  }

  private static Result run(Case c, Detector detector) {
    LogParser parser;
    try {
      parser = Parsers.forFormat(c.format());
    } catch (IllegalArgumentException e) {
      return new Result(c.ruleId(), c.file(), c.kind(), c.index(), false, e.getMessage());
    }
    boolean fired = false;
    int firedAt = 0;
    long offset = 0;
    for (int i = 0; i < c.lines().size(); i++) {
      String line = c.lines().get(i);
      ParseResult r =
          parser.parse(line, new LineContext("default", "rule-test", "<test>", offset, i + 1L));
      offset += line.getBytes(StandardCharsets.UTF_8).length + 1L;
      if (!(r instanceof ParseResult.Parsed p)) {
        return new Result(
            c.ruleId(),
            c.file(),
            c.kind(),
            c.index(),
            false,
            "line " + (i + 1) + " does not parse as " + c.format() + ": " + reason(r));
      }
      for (Alert a : detector.process(p.event())) {
        if (a.ruleId().equals(c.ruleId()) && !fired) {
          fired = true;
          firedAt = i + 1;
        }
      }
    }
    boolean shouldFire = c.kind().equals("match");
    String detail =
        fired
            ? "fired at line " + firedAt + " of " + c.lines().size()
            : "did not fire on " + c.lines().size() + " line(s): " + clip(c.lines().get(0));
    return new Result(c.ruleId(), c.file(), c.kind(), c.index(), fired == shouldFire, detail);
  }

  private static String reason(ParseResult r) {
    return r instanceof ParseResult.Rejected rej ? rej.reason() : r.toString();
  }

  private static String clip(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }

  private static void readOwn(String file, String text, List<Case> out) throws IOException {
    JsonNode root = YAML.readTree(text);
    for (JsonNode rule : root.path("rules")) {
      addCases(file, rule.path("id").asText(""), rule.get("tests"), out);
    }
  }

  private static void readSigma(String file, String text, List<Case> out) throws IOException {
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || !doc.isObject()) {
          continue;
        }
        String id = doc.path("id").asText(doc.path("name").asText(doc.path("title").asText("")));
        addCases(file, id, doc.get("tests"), out);
      }
    }
  }

  private static void addCases(String file, String id, @Nullable JsonNode tests, List<Case> out) {
    if (tests == null || tests.isNull()) {
      return;
    }
    if (!tests.isObject()) {
      throw new IllegalArgumentException("rule '" + id + "': 'tests' must be a mapping");
    }
    String format = tests.path("format").asText("auto");
    for (String kind : List.of("match", "no_match")) {
      JsonNode list = tests.get(kind);
      if (list == null) {
        continue;
      }
      if (!list.isArray()) {
        throw new IllegalArgumentException(
            "rule '" + id + "': 'tests." + kind + "' must be a list");
      }
      int index = 0;
      for (JsonNode item : list) {
        index++;
        out.add(new Case(id, file, kind, index, format, lines(id, kind, index, item)));
      }
    }
    tests
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (!List.of("format", "match", "no_match").contains(k)) {
                throw new IllegalArgumentException(
                    "rule '" + id + "': unknown key 'tests." + k + "' (format, match, no_match)");
              }
            });
  }

  private static List<String> lines(String id, String kind, int index, JsonNode item) {
    String where = "rule '" + id + "': tests." + kind + " case " + index + ": ";
    JsonNode lines = item;
    int repeat = 1;
    if (item.isObject()) {
      lines = item.get("lines");
      repeat = item.path("repeat").asInt(1);
      if (lines == null) {
        throw new IllegalArgumentException(where + "a mapping case needs 'lines'");
      }
    }
    List<String> one = new ArrayList<>();
    if (lines.isTextual()) {
      one.add(lines.asText());
    } else if (lines.isArray() && !lines.isEmpty()) {
      for (JsonNode l : lines) {
        if (!l.isTextual()) {
          throw new IllegalArgumentException(where + "every line must be a string");
        }
        one.add(l.asText());
      }
    } else {
      throw new IllegalArgumentException(where + "a line, a list of lines or {lines, repeat}");
    }
    if (repeat < 1 || (long) repeat * one.size() > MAX_CASE_LINES) {
      throw new IllegalArgumentException(
          where + "repeat must make between 1 and " + MAX_CASE_LINES + " lines");
    }
    List<String> all = new ArrayList<>(one.size() * repeat);
    for (int i = 0; i < repeat; i++) {
      for (String line : one) {
        all.add(repeat == 1 ? line : numbered(line, i));
      }
    }
    return all;
  }

  /**
   * A repeated line with {@code {n}} as the repetition's number (0, 1, ...) and {@code {ip}} as an
   * address of its own (10.0.0.1, 10.0.0.2, ...): many sources in a few lines of YAML.
   */
  static String numbered(String line, int n) {
    if (line.indexOf('{') < 0) {
      return line;
    }
    int a = n + 1;
    String ip = "10." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    return line.replace("{n}", Integer.toString(n)).replace("{ip}", ip);
  }
}
