package dev.mimamori.scan.yara;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Compiled YARA rules, loaded from rule files as they are. Each file is compiled into its own
 * namespace (a {@code global} rule, such as php-malware-finder's {@code IsPhp}, then only gates the
 * rules of its own file) and checked on its own first; when libyara refuses a file, the rule or
 * statement it named is taken out and the rest tried again, until what is left compiles. Every
 * refusal is kept in {@link #refused()} with file, line and libyara's reason; none is fatal.
 *
 * <p>Compiled once, shared by every scanning thread: {@code YR_RULES} is read-only during a scan
 * ({@link YaraScanner} gives each thread its own {@code YR_SCANNER}). The native rules are freed
 * when this is closed and the last scanner using them is gone.
 */
public final class YaraRules implements AutoCloseable {
  private final LibYara lib;
  private final Pointer handle;
  private final int ruleCount;
  private final int privateRuleCount;
  private final List<Path> files;
  private final List<RuleError> refused;
  private final List<RuleError> warnings;
  private final Map<String, Path> fileOfNamespace;

  /** This object's own reference plus one per live {@code YR_SCANNER}; 0 = freed. */
  private final AtomicInteger references = new AtomicInteger(1);

  private volatile boolean closed;

  private YaraRules(
      LibYara lib,
      Pointer handle,
      List<Path> files,
      List<RuleError> refused,
      List<RuleError> warnings,
      Map<String, Path> fileOfNamespace) {
    this.lib = lib;
    this.handle = handle;
    this.files = List.copyOf(files);
    this.refused = List.copyOf(refused);
    this.warnings = List.copyOf(warnings);
    this.fileOfNamespace = Map.copyOf(fileOfNamespace);
    RuleLayout layout = Yara.layout();
    int all = 0;
    int hidden = 0;
    Pointer rule = RuleLayout.rulesTable(handle);
    while ((layout.flags(rule) & LibYara.RULE_FLAGS_NULL) == 0) {
      all++;
      if ((layout.flags(rule) & LibYara.RULE_FLAGS_PRIVATE) != 0) {
        hidden++;
      }
      rule = rule.share(layout.size());
    }
    this.ruleCount = all;
    this.privateRuleCount = hidden;
  }

  /**
   * Loads rule files, and the {@code .yar} and {@code .yara} files under directories (recursively,
   * in name order, not following symbolic links). A path that is missing or unreadable is reported
   * in {@link #refused()} like a refused rule.
   *
   * @throws YaraException when libyara itself is missing or unusable
   */
  public static YaraRules load(Collection<Path> paths) {
    List<RuleError> refused = new ArrayList<>();
    List<Path> files = ruleFiles(paths, refused);
    LibYara lib = Yara.acquire();
    try {
      List<Source> sources = new ArrayList<>();
      for (Path file : files) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (IOException e) {
          refused.add(new RuleError(file.toString(), 0, null, "cannot read: " + describe(e)));
          continue;
        }
        Source s = compileAlone(lib, new Source(file, file.toString(), bytes), refused);
        if (s != null) {
          sources.add(s);
        }
      }
      return combine(lib, files, sources, refused);
    } catch (RuntimeException | Error e) {
      Yara.release();
      throw e;
    }
  }

  /** Compiles rules given as text (tests, rules that never were a file). */
  public static YaraRules compile(String source) {
    List<RuleError> refused = new ArrayList<>();
    LibYara lib = Yara.acquire();
    try {
      Source s =
          compileAlone(
              lib, new Source(null, "default", source.getBytes(StandardCharsets.UTF_8)), refused);
      return combine(lib, List.of(), s == null ? List.of() : List.of(s), refused);
    } catch (RuntimeException | Error e) {
      Yara.release();
      throw e;
    }
  }

  /** Every rule loaded, private ones included. */
  public int ruleCount() {
    return ruleCount;
  }

  /** Loaded rules that only serve other rules and never match on their own. */
  public int privateRuleCount() {
    return privateRuleCount;
  }

  /** The rule files found (each compiled into its own namespace). */
  public List<Path> files() {
    return files;
  }

  /** What libyara refused and was left out: rules, statements, unreadable files. */
  public List<RuleError> refused() {
    return refused;
  }

  /** libyara's warnings about loaded rules (e.g. strings that slow scanning down). */
  public List<RuleError> warnings() {
    return warnings;
  }

  /** The file a namespace was compiled from, or null for rules given as text. */
  @Nullable Path fileOf(String namespace) {
    return fileOfNamespace.get(namespace);
  }

  LibYara lib() {
    return lib;
  }

  /** The {@code YR_RULES*} for a new scanner; pair with {@link #release}. */
  Pointer retain() {
    int n;
    do {
      n = references.get();
      if (n == 0 || closed) {
        throw new IllegalStateException("the YARA rules are closed");
      }
    } while (!references.compareAndSet(n, n + 1));
    return handle;
  }

  void release() {
    if (references.decrementAndGet() == 0) {
      lib.yr_rules_destroy(handle);
      Yara.release();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  /** A source to compile: {@code file} null for text; {@code text} keeps the file's lines. */
  private record Source(@Nullable Path file, String namespace, byte[] text) {}

  /**
   * Compiles one source alone, taking out what libyara refuses one piece at a time (a refused rule
   * that other rules use makes those fail next, and they go too). Returns what compiles, or null
   * when nothing could be saved.
   */
  private static @Nullable Source compileAlone(
      LibYara lib, Source source, List<RuleError> refused) {
    RuleLayout layout = Yara.layout();
    byte[] text = source.text();
    List<RuleSplitter.Piece> pieces = null;
    Set<RuleSplitter.Piece> removed = new HashSet<>();
    while (true) {
      RuleError error;
      String include;
      try (RuleCompiler c = new RuleCompiler(lib, layout)) {
        if (c.add(text, source.namespace(), source.file())) {
          return new Source(source.file(), source.namespace(), text);
        }
        error = c.errors().get(0);
        include = c.lastTopLevelInclude();
      }
      if (pieces == null) {
        pieces = RuleSplitter.split(source.text());
      }
      String name = source.file() == null ? "<string>" : source.file().toString();
      RuleSplitter.Piece culprit =
          error.file().equals(name)
              ? RuleSplitter.at(pieces, error.line())
              : includeStatement(pieces, include);
      if (culprit == null || !removed.add(culprit)) {
        refused.add(error);
        refused.add(new RuleError(name, 0, null, "nothing of this file could be loaded"));
        return null;
      }
      boolean namesRule = error.rule() == null && culprit.kind() == RuleSplitter.Kind.RULE;
      refused.add(
          namesRule
              ? new RuleError(error.file(), error.line(), culprit.name(), error.message())
              : error);
      text = RuleSplitter.blank(text, culprit);
    }
  }

  private static RuleSplitter.@Nullable Piece includeStatement(
      List<RuleSplitter.Piece> pieces, @Nullable String include) {
    for (RuleSplitter.Piece p : pieces) {
      if (p.kind() == RuleSplitter.Kind.INCLUDE && p.name().equals(include)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Compiles the sources that passed alone into one rule set. Namespaces keep them apart, so this
   * should not fail; if it does, the source that failed is reported and left out.
   */
  private static YaraRules combine(
      LibYara lib, List<Path> files, List<Source> sources, List<RuleError> refused) {
    List<Source> left = new ArrayList<>(sources);
    while (true) {
      try (RuleCompiler c = new RuleCompiler(lib, Yara.layout())) {
        int failed = -1;
        for (int i = 0; i < left.size() && failed < 0; i++) {
          Source s = left.get(i);
          if (!c.add(s.text(), s.namespace(), s.file())) {
            failed = i;
          }
        }
        if (failed < 0) {
          Map<String, Path> namespaces = new HashMap<>();
          for (Source s : left) {
            if (s.file() != null) {
              namespaces.put(s.namespace(), s.file());
            }
          }
          return new YaraRules(lib, c.rules(), files, refused, c.warnings(), namespaces);
        }
        refused.addAll(c.errors());
        left.remove(failed);
      }
    }
  }

  private static List<Path> ruleFiles(Collection<Path> paths, List<RuleError> refused) {
    Set<Path> files = new LinkedHashSet<>();
    for (Path p : paths) {
      Path abs = p.toAbsolutePath().normalize();
      if (Files.isDirectory(abs)) {
        List<Path> found = new ArrayList<>();
        try {
          Files.walkFileTree(
              abs,
              new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                  if (attrs.isRegularFile() && isRuleFile(f)) {
                    found.add(f);
                  }
                  return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                  refused.add(new RuleError(f.toString(), 0, null, "cannot read: " + describe(e)));
                  return FileVisitResult.CONTINUE;
                }
              });
        } catch (IOException e) {
          refused.add(new RuleError(p.toString(), 0, null, "cannot read: " + describe(e)));
        }
        found.stream().sorted().forEach(files::add);
      } else if (Files.isRegularFile(abs)) {
        files.add(abs);
      } else {
        refused.add(new RuleError(p.toString(), 0, null, "no such rule file or directory"));
      }
    }
    return List.copyOf(files);
  }

  private static boolean isRuleFile(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yar") || n.endsWith(".yara");
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
