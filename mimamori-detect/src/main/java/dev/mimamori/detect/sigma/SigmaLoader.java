package dev.mimamori.detect.sigma;

import dev.mimamori.detect.Durations;
import dev.mimamori.detect.RuleDefinitions;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Loads Sigma rule files: detection rules, correlation rules, multi-document files and rule
 * collections ({@code action: global}, {@code reset}, {@code repeat}). Each file loads whole or not
 * at all, and a file that does not load is a {@link LoadError} naming the file, the line and why.
 * Everything is bounded (file size, YAML depth and sizes, values, regex size, files), so a hostile
 * rule file cannot exhaust memory.
 */
public final class SigmaLoader {
  static final int MAX_FILE_BYTES = 1 << 20;
  public static final int MAX_FILES = 20_000;
  static final int MAX_TITLE = 256;
  static final int MAX_CORRELATED_RULES = 64;

  /** Counts a correlation may need to keep per group. */
  static final long MAX_COUNT = 10_000;

  static final Duration MAX_TIMESPAN = Duration.ofDays(30);

  /** Log sources whose events mimamori has: web servers and proxies (access and error logs). */
  private static final Set<String> WEB_CATEGORIES = Set.of("webserver", "proxy", "web");

  private static final Set<String> WEB_PRODUCTS = Set.of("apache", "nginx", "eccube");

  private final SigmaOptions options;

  public SigmaLoader() {
    this(SigmaOptions.defaults());
  }

  public SigmaLoader(SigmaOptions options) {
    this.options = options;
  }

  /** Loads one file, or every {@code .yml}/{@code .yaml} file under a directory. */
  public SigmaLoad load(Path fileOrDirectory) {
    List<SigmaFile> files = new ArrayList<>();
    if (Files.isDirectory(fileOrDirectory)) {
      List<Path> paths;
      try (Stream<Path> s = Files.walk(fileOrDirectory)) {
        paths =
            s.filter(Files::isRegularFile)
                .filter(
                    p -> {
                      String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                      return n.endsWith(".yml") || n.endsWith(".yaml");
                    })
                .sorted()
                .limit(MAX_FILES + 1L)
                .toList();
      } catch (IOException e) {
        return failed(new LoadError(fileOrDirectory.toString(), 0, "cannot list: " + e));
      }
      if (paths.size() > MAX_FILES) {
        return failed(
            new LoadError(fileOrDirectory.toString(), 0, "more than " + MAX_FILES + " rule files"));
      }
      for (Path p : paths) {
        files.add(parse(p));
      }
    } else {
      files.add(parse(fileOrDirectory));
    }
    return link(files);
  }

  /** Loads rules given as text ({@code file} names them in errors). */
  public SigmaLoad load(String file, String text) {
    return link(List.of(parse(file, text)));
  }

  private SigmaLoad failed(LoadError e) {
    return new SigmaLoad(SigmaRuleSet.empty(options), 0, List.of(e), List.of());
  }

  /** Reads and compiles one file. */
  public SigmaFile parse(Path file) {
    String name = file.toString();
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return new SigmaFile.Failed(
            new LoadError(name, 0, "larger than " + MAX_FILE_BYTES + " bytes"));
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        return new SigmaFile.Failed(
            new LoadError(name, 0, "larger than " + MAX_FILE_BYTES + " bytes"));
      }
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        return new SigmaFile.Failed(new LoadError(name, 0, "not UTF-8 text"));
      }
      return parse(name, text);
    } catch (IOException e) {
      return new SigmaFile.Failed(new LoadError(name, 0, "cannot read: " + e.getMessage()));
    }
  }

  /** Compiles the text of one file. */
  public SigmaFile parse(String file, String text) {
    List<LoadWarning> warnings = new ArrayList<>();
    try {
      if (text.length() > MAX_FILE_BYTES) {
        throw new RuleError(0, "larger than " + MAX_FILE_BYTES + " characters");
      }
      List<YNode.Mapping> docs = YamlReader.readAll(text);
      if (docs.isEmpty()) {
        throw new RuleError(0, "no Sigma rule in the file");
      }
      List<SigmaRule> rules = new ArrayList<>();
      List<SigmaCorrelation> correlations = new ArrayList<>();
      LoadBudget budget = new LoadBudget();
      YNode.Mapping global = null;
      YNode.Mapping previous = null;
      for (YNode.Mapping doc : docs) {
        String action = optString(doc, "action");
        if (action == null) {
          if (doc.get("correlation") != null) {
            correlations.add(correlation(doc, file, warnings));
          } else if (doc.get("filter") != null) {
            throw new RuleError(doc.line(), "Sigma filters (meta filters) are not supported");
          } else {
            YNode.Mapping merged = global == null ? doc : global.mergedWith(doc);
            rules.add(detectionRule(merged, file, warnings, budget));
            previous = merged;
          }
          continue;
        }
        YNode.Mapping body = without(doc, "action");
        switch (action) {
          case "global" -> {
            global = body;
            previous = body;
          }
          case "reset" -> global = null;
          case "repeat" -> {
            if (previous == null) {
              throw new RuleError(doc.line(), "'action: repeat' with no rule before it");
            }
            previous = previous.mergedWith(body);
            rules.add(detectionRule(previous, file, warnings, budget));
          }
          default ->
              throw new RuleError(
                  doc.lineOf("action"),
                  "unknown collection action '" + action + "' (global, reset, repeat)");
        }
      }
      if (rules.isEmpty() && correlations.isEmpty()) {
        throw new RuleError(0, "no Sigma rule in the file (only collection actions)");
      }
      return new SigmaFile.Parsed(file, rules, correlations, warnings);
    } catch (RuleError e) {
      return new SigmaFile.Failed(new LoadError(file, e.line(), e.getMessage()));
    }
  }

  private static YNode.Mapping without(YNode.Mapping m, String key) {
    Map<String, YNode> e = new LinkedHashMap<>(m.entries());
    Map<String, Integer> l = new LinkedHashMap<>(m.keyLines());
    e.remove(key);
    l.remove(key);
    return new YNode.Mapping(e, l, m.line());
  }

  private SigmaRule detectionRule(
      YNode.Mapping doc, String file, List<LoadWarning> warnings, LoadBudget budget) {
    String title = title(doc);
    String id = identifier(doc, "id");
    String name = identifier(doc, "name");
    YNode logsource = doc.get("logsource");
    if (!(logsource instanceof YNode.Mapping ls)) {
      throw new RuleError(
          logsource == null ? doc.line() : logsource.line(),
          "a detection rule needs a 'logsource' mapping");
    }
    checkLogsource(ls);
    YNode detection = doc.get("detection");
    if (!(detection instanceof YNode.Mapping det)) {
      throw new RuleError(
          detection == null ? doc.line() : detection.line(),
          "a detection rule needs a 'detection' mapping");
    }
    DetectionCompiler.Compiled c =
        new DetectionCompiler(
                options.placeholders(),
                (line, msg) -> warnings.add(new LoadWarning(file, line, msg)),
                budget)
            .compile(det, doc.lineOf("detection"));
    List<String> tags = tags(doc);
    RuleMeta meta =
        new RuleMeta(
            ruleId(id, name, file, doc.line()),
            title,
            ruleClass(doc, title, tags),
            severity(doc),
            suppress(doc));
    return new SigmaRule(
        meta,
        id,
        name,
        c.detections(),
        c.condition(),
        file,
        doc.line(),
        RuleDefinitions.fingerprint(YNode.canonical(doc)));
  }

  private static String ruleId(@Nullable String id, @Nullable String name, String file, int line) {
    if (id != null) {
      return id;
    }
    if (name != null) {
      return name;
    }
    // Not Path.of: a name given with the text need not be a valid path.
    String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    return "sigma:" + base + ":" + line;
  }

  private static void checkLogsource(YNode.Mapping ls) {
    String category = lower(optString(ls, "category"));
    String product = lower(optString(ls, "product"));
    String service = lower(optString(ls, "service"));
    if (category == null && product == null && service == null) {
      throw new RuleError(ls.line(), "logsource needs a category, product or service");
    }
    boolean web =
        category != null && WEB_CATEGORIES.contains(category)
            || product != null && WEB_PRODUCTS.contains(product)
            || category == null && product == null && WEB_PRODUCTS.contains(service);
    if (!web) {
      throw new RuleError(
          ls.line(),
          "logsource (category "
              + category
              + ", product "
              + product
              + ", service "
              + service
              + ") is not a web server or proxy log: mimamori has no such events");
    }
  }

  /** An optional {@code id} or {@code name}: absent, or a non-blank text of sane length. */
  private static @Nullable String identifier(YNode.Mapping doc, String key) {
    String v = optString(doc, key);
    if (v == null) {
      return null;
    }
    if (v.isBlank() || v.length() > MAX_TITLE) {
      throw new RuleError(
          doc.lineOf(key),
          "'" + key + "' must be a non-empty text of at most " + MAX_TITLE + " characters");
    }
    return v.trim();
  }

  private static @Nullable String lower(@Nullable String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String title(YNode.Mapping doc) {
    String title = optString(doc, "title");
    if (title == null || title.isBlank()) {
      throw new RuleError(doc.line(), "a rule needs a 'title'");
    }
    if (title.length() > MAX_TITLE) {
      throw new RuleError(doc.lineOf("title"), "title longer than " + MAX_TITLE + " characters");
    }
    return title;
  }

  /**
   * mimamori's custom attribute {@code class} (Sigma allows custom top-level attributes) names the
   * rule class incidents are grouped by, e.g. {@code eccube.admin.code-write}; without it the class
   * is read from the title and tags.
   */
  private static String ruleClass(YNode.Mapping doc, String title, List<String> tags) {
    String c = optString(doc, "class");
    if (c == null) {
      return RuleMetas.ruleClass(title, tags);
    }
    if (!RULE_CLASS.matcher(c).matches()) {
      throw new RuleError(
          doc.lineOf("class"),
          "'class' must be lower-case words joined by dots or dashes, e.g. web.xss");
    }
    return c;
  }

  private static final java.util.regex.Pattern RULE_CLASS =
      java.util.regex.Pattern.compile("[a-z0-9]+([.-][a-z0-9]+){0,7}");

  /**
   * mimamori's custom attribute {@code suppress} (e.g. {@code 10m}): after an alert, the same rule
   * stays quiet for the same source address this long; without it, the loader's default.
   */
  private Duration suppress(YNode.Mapping doc) {
    String s = optString(doc, "suppress");
    if (s == null) {
      return options.suppress();
    }
    try {
      Duration d = Durations.parse(s.trim());
      if (d.compareTo(MAX_TIMESPAN) > 0) {
        throw new IllegalArgumentException("suppress must be at most 30d");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new RuleError(doc.lineOf("suppress"), e.getMessage());
    }
  }

  private static Severity severity(YNode.Mapping doc) {
    String level = optString(doc, "level");
    if (level == null) {
      return Severity.MEDIUM;
    }
    try {
      return RuleMetas.severity(level.trim());
    } catch (IllegalArgumentException e) {
      throw new RuleError(doc.lineOf("level"), e.getMessage());
    }
  }

  private static List<String> tags(YNode.Mapping doc) {
    YNode t = doc.get("tags");
    if (t == null || t instanceof YNode.Scalar s && s.isNull()) {
      return List.of();
    }
    return stringList(t, "tags");
  }

  private static List<String> stringList(YNode n, String what) {
    List<String> out = new ArrayList<>();
    if (n instanceof YNode.Scalar s && !s.isNull() && s.text() != null) {
      out.add(s.text());
      return out;
    }
    if (!(n instanceof YNode.Seq seq)) {
      throw new RuleError(n.line(), "'" + what + "' must be a list of strings");
    }
    for (YNode item : seq.items()) {
      if (!(item instanceof YNode.Scalar s) || s.isNull() || s.text() == null) {
        throw new RuleError(item.line(), "'" + what + "' must be a list of strings");
      }
      out.add(s.text());
    }
    return out;
  }

  /** A scalar's text (numbers as written); null when absent or null; an error for a structure. */
  static @Nullable String optString(YNode.Mapping m, String key) {
    YNode n = m.get(key);
    if (n == null) {
      return null;
    }
    if (!(n instanceof YNode.Scalar s)) {
      throw new RuleError(
          n.line(), "'" + key + "' must be a plain value, not " + YNode.describe(n));
    }
    return s.text();
  }

  private SigmaCorrelation correlation(YNode.Mapping doc, String file, List<LoadWarning> warnings) {
    String title = title(doc);
    String id = identifier(doc, "id");
    String name = identifier(doc, "name");
    YNode cn = doc.get("correlation");
    if (!(cn instanceof YNode.Mapping c)) {
      throw new RuleError(doc.lineOf("correlation"), "'correlation' must be a mapping");
    }
    String typeText = optString(c, "type");
    if (typeText == null) {
      throw new RuleError(c.line(), "correlation needs a 'type'");
    }
    CorrelationType type = CorrelationType.parse(typeText.trim().toLowerCase(Locale.ROOT));
    if (type == null) {
      throw new RuleError(
          c.lineOf("type"),
          "correlation type '"
              + typeText
              + "' is not supported (event_count, value_count, temporal, temporal_ordered)");
    }
    YNode rn = c.get("rules");
    if (rn == null) {
      throw new RuleError(c.line(), "correlation needs 'rules'");
    }
    List<SigmaCorrelation.Reference> refs = new ArrayList<>();
    if (rn instanceof YNode.Scalar s && s.text() != null) {
      refs.add(new SigmaCorrelation.Reference(s.text(), s.line()));
    } else if (rn instanceof YNode.Seq seq && !seq.items().isEmpty()) {
      for (YNode item : seq.items()) {
        if (!(item instanceof YNode.Scalar s) || s.text() == null) {
          throw new RuleError(item.line(), "'rules' must list rule names or ids");
        }
        refs.add(new SigmaCorrelation.Reference(s.text(), s.line()));
      }
    } else {
      throw new RuleError(rn.line(), "'rules' must list rule names or ids");
    }
    if (refs.size() > MAX_CORRELATED_RULES) {
      throw new RuleError(rn.line(), "more than " + MAX_CORRELATED_RULES + " rules");
    }
    YNode gb = c.get("group-by");
    List<String> groupBy = gb == null ? List.of() : stringList(gb, "group-by");
    String span = optString(c, "timespan");
    if (span == null) {
      span = optString(c, "timeframe");
    }
    if (span == null) {
      throw new RuleError(c.line(), "correlation needs a 'timespan'");
    }
    Duration timespan;
    try {
      timespan = Durations.parse(span);
    } catch (IllegalArgumentException e) {
      throw new RuleError(c.lineOf("timespan"), e.getMessage());
    }
    if (timespan.isZero() || timespan.compareTo(MAX_TIMESPAN) > 0) {
      throw new RuleError(c.lineOf("timespan"), "timespan must be between 1s and 30d");
    }
    Map<String, Map<String, String>> aliases = aliases(c.get("aliases"));
    List<String> valueFields = new ArrayList<>();
    CountCondition condition = countCondition(c, type, refs.size(), valueFields);
    boolean generate = bool(c, "generate") || bool(doc, "generate");
    for (String g : groupBy) {
      if (!aliases.containsKey(g)) {
        warnUnmapped(g, c.lineOf("group-by"), file, warnings);
      }
    }
    for (String v : valueFields) {
      if (!aliases.containsKey(v)) {
        warnUnmapped(v, c.lineOf("condition"), file, warnings);
      }
    }
    List<String> tags = tags(doc);
    RuleMeta meta =
        new RuleMeta(
            ruleId(id, name, file, doc.line()),
            title,
            ruleClass(doc, title, tags),
            severity(doc),
            suppress(doc));
    return new SigmaCorrelation(
        meta,
        name,
        id,
        type,
        List.copyOf(refs),
        List.copyOf(groupBy),
        timespan,
        condition,
        List.copyOf(valueFields),
        aliases,
        generate,
        file,
        doc.line());
  }

  private static void warnUnmapped(
      String field, int line, String file, List<LoadWarning> warnings) {
    if (FieldMapping.ecs(field) == null) {
      warnings.add(
          new LoadWarning(
              file,
              line,
              "field '" + field + "' has no mimamori (ECS) mapping: it is looked up as written"));
    }
  }

  private static boolean bool(YNode.Mapping m, String key) {
    YNode n = m.get(key);
    if (n == null) {
      return false;
    }
    if (!(n instanceof YNode.Scalar s) || s.kind() != YNode.Kind.BOOL) {
      throw new RuleError(n.line(), "'" + key + "' must be true or false");
    }
    return "true".equals(s.text());
  }

  private static Map<String, Map<String, String>> aliases(@Nullable YNode n) {
    if (n == null) {
      return Map.of();
    }
    if (!(n instanceof YNode.Mapping m)) {
      throw new RuleError(n.line(), "'aliases' must map alias names to rule-to-field mappings");
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    m.entries()
        .forEach(
            (alias, v) -> {
              if (!(v instanceof YNode.Mapping per)) {
                throw new RuleError(
                    v.line(), "alias '" + alias + "' must map rule names to fields");
              }
              Map<String, String> fields = new LinkedHashMap<>();
              per.entries()
                  .forEach(
                      (rule, f) -> {
                        if (!(f instanceof YNode.Scalar s) || s.text() == null) {
                          throw new RuleError(f.line(), "alias '" + alias + "': a field name");
                        }
                        fields.put(rule, s.text());
                      });
              out.put(alias, Map.copyOf(fields));
            });
    return Map.copyOf(out);
  }

  private static CountCondition countCondition(
      YNode.Mapping c, CorrelationType type, int ruleCount, List<String> valueFields) {
    YNode n = c.get("condition");
    boolean needed = type == CorrelationType.EVENT_COUNT || type == CorrelationType.VALUE_COUNT;
    if (n == null) {
      if (needed) {
        throw new RuleError(
            c.line(), type.name().toLowerCase(Locale.ROOT) + " needs a 'condition'");
      }
      return CountCondition.atLeast(ruleCount);
    }
    if (!(n instanceof YNode.Mapping m) || m.entries().isEmpty()) {
      throw new RuleError(n.line(), "'condition' must map gt/gte/lt/lte/eq/neq to numbers");
    }
    Map<String, Long> ops = new HashMap<>();
    for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
      String k = e.getKey();
      int line = m.lineOf(k);
      if (k.equals("field")) {
        if (type != CorrelationType.VALUE_COUNT) {
          throw new RuleError(line, "'field' belongs to value_count conditions");
        }
        valueFields.addAll(stringList(e.getValue(), "field"));
        continue;
      }
      if (!Set.of("gt", "gte", "lt", "lte", "eq", "neq").contains(k)) {
        throw new RuleError(line, "unknown condition '" + k + "' (gt, gte, lt, lte, eq, neq)");
      }
      if (!(e.getValue() instanceof YNode.Scalar s)
          || s.kind() != YNode.Kind.INT
          || s.text() == null) {
        throw new RuleError(line, "condition '" + k + "' needs a whole number");
      }
      long v;
      try {
        v = Long.parseLong(s.text().trim());
      } catch (NumberFormatException ex) {
        throw new RuleError(line, "condition '" + k + "' needs a whole number");
      }
      if (v < 0 || v > 1_000_000_000L) {
        throw new RuleError(line, "condition '" + k + "' out of range");
      }
      ops.put(k, v);
    }
    if (type == CorrelationType.VALUE_COUNT && valueFields.isEmpty()) {
      throw new RuleError(n.line(), "value_count needs 'field' in its condition");
    }
    if (ops.isEmpty()) {
      throw new RuleError(n.line(), "'condition' needs one of gt, gte, lt, lte, eq, neq");
    }
    CountCondition cc =
        new CountCondition(
            ops.get("gt"),
            ops.get("gte"),
            ops.get("lt"),
            ops.get("lte"),
            ops.get("eq"),
            ops.get("neq"));
    if (type == CorrelationType.TEMPORAL_ORDERED
        && !(cc.monotone() && cc.threshold() == ruleCount)) {
      throw new RuleError(
          n.line(),
          "temporal_ordered fires when all its rules matched in order: a condition other than"
              + " gte: "
              + ruleCount
              + " is not supported");
    }
    long needs = cc.monotone() ? cc.threshold() : cc.saturation();
    if (needs > MAX_COUNT) {
      throw new RuleError(
          n.line(),
          "a count of " + needs + " per group is more than mimamori keeps (" + MAX_COUNT + ")");
    }
    return cc;
  }

  /**
   * Puts parsed files together: looks up the rules each correlation names (in its own file first,
   * then in all), and builds the rule set. A file whose correlation names a rule that is not loaded
   * (or that forms a cycle), or that repeats an id another file has, does not load; nor, in turn,
   * do files that depend on it.
   */
  public SigmaLoad link(List<SigmaFile> files) {
    List<LoadError> errors = new ArrayList<>();
    List<SigmaFile.Parsed> ok = new ArrayList<>();
    for (SigmaFile f : files) {
      if (f instanceof SigmaFile.Failed failed) {
        errors.add(failed.error());
      } else {
        ok.add((SigmaFile.Parsed) f);
      }
    }
    while (true) {
      LoadError e = firstLinkError(ok);
      if (e == null) {
        break;
      }
      errors.add(e);
      ok.removeIf(p -> p.file().equals(e.file()));
    }
    List<SigmaRule> rules = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    List<LoadWarning> warnings = new ArrayList<>();
    for (SigmaFile.Parsed p : ok) {
      rules.addAll(p.rules());
      correlations.addAll(p.correlations());
      warnings.addAll(p.warnings());
    }
    Linker linker = new Linker(rules, correlations);
    List<SigmaRuleSet.Linked> linked = new ArrayList<>();
    for (SigmaCorrelation c : correlations) {
      linked.add(linker.link(c));
    }
    return new SigmaLoad(
        new SigmaRuleSet(rules, linked, options, true), ok.size(), errors, warnings);
  }

  private static @Nullable LoadError firstLinkError(List<SigmaFile.Parsed> files) {
    Map<String, String> idOwner = new HashMap<>();
    for (SigmaFile.Parsed p : files) {
      Set<String> inFile = new HashSet<>();
      for (SigmaRule r : p.rules()) {
        LoadError e = claim(idOwner, inFile, r.meta().id(), p.file(), r.line());
        if (e != null) {
          return e;
        }
      }
      for (SigmaCorrelation c : p.correlations()) {
        LoadError e = claim(idOwner, inFile, c.meta().id(), p.file(), c.line());
        if (e != null) {
          return e;
        }
      }
    }
    List<SigmaRule> rules = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    for (SigmaFile.Parsed p : files) {
      rules.addAll(p.rules());
      correlations.addAll(p.correlations());
    }
    Linker linker = new Linker(rules, correlations);
    for (SigmaCorrelation c : correlations) {
      try {
        linker.link(c);
      } catch (RuleError e) {
        return new LoadError(c.file(), e.line(), e.getMessage());
      }
    }
    String cycle = linker.cycle();
    if (cycle != null) {
      SigmaCorrelation c = linker.byId(cycle);
      return new LoadError(c.file(), c.line(), "correlations refer to each other in a cycle");
    }
    return null;
  }

  private static @Nullable LoadError claim(
      Map<String, String> owner, Set<String> inFile, String id, String file, int line) {
    String prev = owner.putIfAbsent(id, file);
    if (prev != null || !inFile.add(id)) {
      return new LoadError(
          file, line, "rule id '" + id + "' is already used" + (prev == null ? "" : " in " + prev));
    }
    return null;
  }

  /** Resolves correlation references to rule and correlation indexes. */
  private static final class Linker {
    private final List<SigmaRule> rules;
    private final List<SigmaCorrelation> correlations;

    Linker(List<SigmaRule> rules, List<SigmaCorrelation> correlations) {
      this.rules = rules;
      this.correlations = correlations;
    }

    SigmaCorrelation byId(String id) {
      for (SigmaCorrelation c : correlations) {
        if (c.meta().id().equals(id)) {
          return c;
        }
      }
      throw new IllegalStateException(id);
    }

    SigmaRuleSet.Linked link(SigmaCorrelation c) {
      List<SigmaRuleSet.Target> targets = new ArrayList<>();
      List<@Nullable String> names = new ArrayList<>();
      for (SigmaCorrelation.Reference ref : c.rules()) {
        SigmaRuleSet.Target t = find(ref.target(), c.file());
        if (t == null) {
          throw new RuleError(
              ref.line(),
              "correlation refers to '" + ref.target() + "', which is no loaded rule's name or id");
        }
        if (!t.rule() && correlations.get(t.index()) == c) {
          throw new RuleError(ref.line(), "a correlation cannot refer to itself");
        }
        targets.add(t);
        names.add(t.rule() ? rules.get(t.index()).name() : correlations.get(t.index()).name());
      }
      for (Map.Entry<String, Map<String, String>> a : c.aliases().entrySet()) {
        for (int i = 0; i < names.size(); i++) {
          String n = names.get(i);
          if (c.groupBy().contains(a.getKey()) && (n == null || !a.getValue().containsKey(n))) {
            throw new RuleError(
                c.line(),
                "alias '"
                    + a.getKey()
                    + "' names no field for the rule '"
                    + c.rules().get(i).target()
                    + "' (aliases go by rule name)");
          }
        }
      }
      return new SigmaRuleSet.Linked(c, targets, names);
    }

    private SigmaRuleSet.@Nullable Target find(String ref, String file) {
      // The same file first: names are only unique per correlation file.
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < rules.size(); i++) {
          SigmaRule r = rules.get(i);
          if ((pass == 1 || r.file().equals(file))
              && (ref.equals(r.name()) || ref.equals(r.sigmaId()))) {
            return new SigmaRuleSet.Target(true, i);
          }
        }
        for (int i = 0; i < correlations.size(); i++) {
          SigmaCorrelation r = correlations.get(i);
          if ((pass == 1 || r.file().equals(file))
              && (ref.equals(r.name()) || ref.equals(r.sigmaId()))) {
            return new SigmaRuleSet.Target(false, i);
          }
        }
      }
      return null;
    }

    /** The id of a correlation on a reference cycle, or null. */
    @Nullable String cycle() {
      int n = correlations.size();
      int[] state = new int[n];
      for (int i = 0; i < n; i++) {
        String c = visit(i, state);
        if (c != null) {
          return c;
        }
      }
      return null;
    }

    private @Nullable String visit(int i, int[] state) {
      if (state[i] == 2) {
        return null;
      }
      if (state[i] == 1) {
        return correlations.get(i).meta().id();
      }
      state[i] = 1;
      for (SigmaRuleSet.Target t : link(correlations.get(i)).targets()) {
        if (!t.rule()) {
          String c = visit(t.index(), state);
          if (c != null) {
            return c;
          }
        }
      }
      state[i] = 2;
      return null;
    }
  }
}
