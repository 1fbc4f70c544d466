package dev.mimamori.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleDefinitions;
import dev.mimamori.detect.RuleLoadException;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.detect.RuleSet;
import dev.mimamori.detect.sigma.LoadError;
import dev.mimamori.detect.sigma.SigmaFile;
import dev.mimamori.detect.sigma.SigmaLoad;
import dev.mimamori.detect.sigma.SigmaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The rules a command runs: the built-in rules, the rule files of a directory (or one file), or
 * both, each either in mimamori's own format (a top-level {@code rules:} list) or Sigma. Files that
 * do not load are reported with their file, line and reason.
 *
 * @param definitions the fingerprints of the own-format rules' definitions, by rule id (a reload
 *     keeps the running instance, and its state, of a rule whose fingerprint did not change)
 */
public record RuleFiles(
    List<CompiledRule> own,
    SigmaLoad sigma,
    List<LoadError> ownErrors,
    Map<String, String> definitions,
    List<SigmaFile> sigmaFiles,
    java.util.Set<String> builtinIds) {

  public RuleFiles {
    own = List.copyOf(own);
    ownErrors = List.copyOf(ownErrors);
    definitions = Map.copyOf(definitions);
    sigmaFiles = List.copyOf(sigmaFiles);
    builtinIds = java.util.Set.copyOf(builtinIds);
  }

  public RuleFiles(
      List<CompiledRule> own,
      SigmaLoad sigma,
      List<LoadError> ownErrors,
      Map<String, String> definitions) {
    this(own, sigma, ownErrors, definitions, List.of(), java.util.Set.of());
  }

  public static RuleFiles builtin() {
    // The rule pack's files are parsed on a thread of their own while the built-in rules are read
    // here: two cold starts of the YAML parser and the regex compiler at once, at every start.
    java.util.concurrent.FutureTask<List<SigmaFile.Parsed>> parsing =
        new java.util.concurrent.FutureTask<>(() -> new RuleLoader().packFiles());
    Thread parser = new Thread(parsing, "mimamori-rule-pack");
    parser.setDaemon(true);
    parser.start();
    Map<String, String> definitions;
    try (InputStream in = RuleLoader.class.getResourceAsStream(RuleLoader.BUILTIN)) {
      definitions = in == null ? Map.of() : RuleDefinitions.ofRuleFile(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    RuleLoader loader = new RuleLoader();
    List<CompiledRule> own = loader.loadOwnBuiltin();
    List<SigmaFile.Parsed> packFiles;
    try {
      packFiles = parsing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the rule pack", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
    SigmaLoad pack = loader.loadPack(own, packFiles);
    java.util.Set<String> ids = new java.util.HashSet<>();
    own.forEach(r -> ids.add(r.meta().id()));
    pack.ruleSet().rules().forEach(r -> ids.add(r.meta().id()));
    // The pack's parsed files are kept so that withBuiltins links them again without parsing.
    return new RuleFiles(own, pack, List.of(), definitions, List.copyOf(packFiles), ids);
  }

  /**
   * The built-in rules and rule pack together with the rule files of {@code path} (all built-ins
   * when null): what the server and {@code detect --rules} run. A rule of {@code path} with the id
   * of a built-in rule replaces it (copy a shipped rule into the directory to change it); the
   * built-ins can also be switched off per tenant.
   */
  public static RuleFiles withBuiltins(@Nullable Path path) throws IOException {
    RuleFiles base = builtin();
    if (path == null) {
      return base;
    }
    RuleFiles dir = load(path);
    java.util.Set<String> dirIds = new java.util.HashSet<>();
    dir.own().forEach(r -> dirIds.add(r.meta().id()));
    dir.sigma().ruleSet().rules().forEach(r -> dirIds.add(r.meta().id()));
    dir.sigma().ruleSet().correlations().forEach(c -> dirIds.add(c.meta().id()));
    List<CompiledRule> own = new ArrayList<>();
    base.own().stream().filter(r -> !dirIds.contains(r.meta().id())).forEach(own::add);
    own.addAll(dir.own());
    List<SigmaFile> sigmaFiles = new ArrayList<>();
    for (SigmaFile packFile : base.sigmaFiles()) {
      SigmaFile.Parsed f = (SigmaFile.Parsed) packFile;
      sigmaFiles.add(
          new SigmaFile.Parsed(
              f.file(),
              f.rules().stream().filter(r -> !dirIds.contains(r.meta().id())).toList(),
              f.correlations(),
              f.warnings()));
    }
    sigmaFiles.addAll(dir.sigmaFiles());
    Map<String, String> definitions = new HashMap<>(base.definitions());
    definitions.keySet().removeAll(dirIds);
    definitions.putAll(dir.definitions());
    java.util.Set<String> builtinIds = new java.util.HashSet<>(base.builtinIds());
    builtinIds.removeAll(dirIds);
    return new RuleFiles(
        own,
        new SigmaLoader().link(sigmaFiles),
        dir.ownErrors(),
        definitions,
        dir.sigmaFiles(),
        builtinIds);
  }

  /** The rules of {@code path} only (the built-in rules when null). */
  public static RuleFiles load(@Nullable Path path) throws IOException {
    if (path == null) {
      return builtin();
    }
    List<Path> files = files(path);
    if (files.size() > SigmaLoader.MAX_FILES) {
      // As the Sigma loader does for a directory: too many files is refused, not half-read.
      return new RuleFiles(
          List.of(),
          new SigmaLoader().link(List.of()),
          List.of(
              new LoadError(
                  path.toString(), 0, "more than " + SigmaLoader.MAX_FILES + " rule files")),
          Map.of());
    }
    RuleLoader own = new RuleLoader();
    SigmaLoader sigmaLoader = new SigmaLoader();
    List<CompiledRule> ownRules = new ArrayList<>();
    Map<String, String> definitions = new HashMap<>();
    List<LoadError> ownErrors = new ArrayList<>();
    List<SigmaFile> sigmaFiles = new ArrayList<>();
    for (Path f : files) {
      if (isOwnFormat(f)) {
        try {
          ownRules.addAll(own.load(f));
          try (InputStream in = Files.newInputStream(f)) {
            RuleDefinitions.ofRuleFile(in).forEach(definitions::putIfAbsent);
          }
        } catch (RuleLoadException | IOException | java.io.UncheckedIOException e) {
          ownErrors.add(ownError(f, e));
        }
      } else {
        sigmaFiles.add(sigmaLoader.parse(f));
      }
    }
    return new RuleFiles(
        ownRules,
        sigmaLoader.link(sigmaFiles),
        ownErrors,
        definitions,
        sigmaFiles,
        java.util.Set.of());
  }

  /**
   * The file, line and reason of an own-format file that did not load: the loader's message starts
   * with "file:line: ", a YAML syntax error carries its location.
   */
  static LoadError ownError(Path f, Exception e) {
    String message = String.valueOf(e.getMessage());
    String prefix = f + ":";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    Matcher m = LEADING_LINE.matcher(message);
    if (m.lookingAt()) {
      return new LoadError(f.toString(), Integer.parseInt(m.group(1)), message.substring(m.end()));
    }
    message = message.startsWith(" ") ? message.substring(1) : message;
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof JsonProcessingException j && j.getLocation() != null) {
        return new LoadError(f.toString(), j.getLocation().getLineNr(), message);
      }
    }
    return new LoadError(f.toString(), 0, message);
  }

  private static final Pattern LEADING_LINE = Pattern.compile("(\\d{1,9}): ");

  /**
   * The rule files of {@code path}: the file itself, or a directory's {@code *.yml} and {@code
   * *.yaml} files in name order, at most {@link SigmaLoader#MAX_FILES} + 1 (one more says "too
   * many").
   */
  static List<Path> files(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> s = Files.walk(path)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yml") || n.endsWith(".yaml");
              })
          .sorted()
          .limit(SigmaLoader.MAX_FILES + 1L)
          .toList();
    }
  }

  /** mimamori's own rule files start with a {@code rules:} list; Sigma files never do. */
  static boolean isOwnFormat(Path f) throws IOException {
    try (Stream<String> lines = Files.lines(f, java.nio.charset.StandardCharsets.UTF_8)) {
      return lines.limit(200).anyMatch(l -> l.startsWith("rules:"));
    } catch (java.io.UncheckedIOException e) {
      return false; // not UTF-8: the Sigma loader says why
    }
  }

  public List<LoadError> errors() {
    List<LoadError> all = new ArrayList<>(ownErrors);
    all.addAll(sigma.errors());
    return all;
  }

  public Detector detector() {
    return Detector.ofRuleSets(List.of(RuleSet.of(own), sigma.ruleSet()), null);
  }
}
