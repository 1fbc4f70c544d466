package dev.mimamori.scan.yara;

import com.sun.jna.Memory;
import dev.mimamori.model.Severity;
import dev.mimamori.scan.ContentScanner;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;

/**
 * YARA rules as a {@link ContentScanner} (engine {@code yara}). Thread-safe: the compiled rules are
 * shared, and each scanning thread borrows a {@code YR_SCANNER} of its own from a pool.
 *
 * <p>libyara only ever sees memory mimamori owns, never a file it maps itself (see {@link
 * LibYara#SCAN_FLAGS_NO_TRYCATCH}): a file up to the input's read limit is scanned from the bytes
 * {@link ScanInput#content()} already read once for every scanner and the hash; a larger one is
 * read into native memory, outside the Java heap, up to {@link #DEFAULT_MAX_FILE_BYTES}.
 *
 * <p>Closing it frees its scanners, and the rules only when it owns them ({@link #owning}).
 */
public final class YaraScanner implements ContentScanner {
  public static final String ENGINE = "yara";

  /** libyara stops a scan after this long (a pathological regex on a crafted file). */
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;

  /** Larger files are not scanned by YARA (and say so): web malware is far smaller. */
  public static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;

  private final YaraRules rules;
  private final int timeoutSeconds;
  private final long maxFileBytes;
  private final Deque<NativeScanner> idle = new ConcurrentLinkedDeque<>();
  private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
  private final boolean ownsRules;
  private volatile boolean closed;

  /** Scans with {@code rules}; the caller closes them after this. */
  public YaraScanner(YaraRules rules) {
    this(rules, DEFAULT_TIMEOUT_SECONDS, DEFAULT_MAX_FILE_BYTES);
  }

  public YaraScanner(YaraRules rules, int timeoutSeconds, long maxFileBytes) {
    this(rules, timeoutSeconds, maxFileBytes, false);
  }

  private YaraScanner(YaraRules rules, int timeoutSeconds, long maxFileBytes, boolean ownsRules) {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 s");
    }
    if (maxFileBytes < 0 || maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxFileBytes must be between 0 and 2 GiB");
    }
    this.rules = rules;
    this.timeoutSeconds = timeoutSeconds;
    this.maxFileBytes = maxFileBytes;
    this.ownsRules = ownsRules;
  }

  /** Scans with {@code rules} and closes them when closed: one thing to close for callers. */
  public static YaraScanner owning(YaraRules rules) {
    return new YaraScanner(rules, DEFAULT_TIMEOUT_SECONDS, DEFAULT_MAX_FILE_BYTES, true);
  }

  /** The rules this scans with (how many loaded, what was refused). */
  public YaraRules rules() {
    return rules;
  }

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public List<Finding> scan(ScanInput input) throws IOException {
    List<YaraMatch> matches = matches(input);
    List<Finding> findings = new ArrayList<>(matches.size());
    for (YaraMatch m : matches) {
      findings.add(finding(m, rules.fileOf(m.namespace())));
    }
    return findings;
  }

  /** The rules that matched, with their tags and meta. */
  public List<YaraMatch> matches(ScanInput input) throws IOException {
    NativeScanner scanner = borrow();
    try {
      if (!input.truncated()) {
        byte[] content = input.content();
        return scanner.scan(content, content.length, externals(input, content, content.length));
      }
      try (FileChannel ch =
          FileChannel.open(input.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        long size = ch.size();
        if (size > maxFileBytes) {
          throw new IOException(
              "not scanned: " + size + " bytes is over the limit of " + maxFileBytes);
        }
        try (Memory memory = new Memory(Math.max(1, size))) {
          ByteBuffer buffer = memory.getByteBuffer(0, size);
          while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
            // read until full or end of file (a file that shrank meanwhile is scanned as it is)
          }
          int length = buffer.position();
          byte[] head = memory.getByteArray(0, Math.min(Magic.HEAD, length));
          return scanner.scan(memory, length, externals(input, head, head.length));
        }
      }
    } finally {
      giveBack(scanner);
    }
  }

  private NativeScanner borrow() {
    if (closed) {
      throw new IllegalStateException("the YARA scanner is closed");
    }
    NativeScanner s = idle.pollFirst();
    return s != null ? s : new NativeScanner(rules, timeoutSeconds);
  }

  private void giveBack(NativeScanner s) {
    idle.addFirst(s);
    if (closed && idle.remove(s)) {
      s.close(); // closed while this scan ran
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (NativeScanner s = idle.pollFirst(); s != null; s = idle.pollFirst()) {
      s.close();
    }
    if (ownsRules) {
      rules.close(); // freed natively once a scan still running returns its scanner
    }
  }

  private Externals externals(ScanInput input, byte[] head, int length) {
    String name = input.name();
    String base = name.substring(name.lastIndexOf('/') + 1);
    String ext = input.extension();
    return new Externals(
        base,
        input.path().toString(),
        ext.isEmpty() ? "" : "." + ext,
        Magic.type(head, length),
        owner(input.path()));
  }

  /** The owner's user name; looked up once per uid (a name service can be slow). */
  private String owner(Path path) {
    try {
      Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (!(uid instanceof Integer id)) {
        return "";
      }
      String known = userNames.get(id);
      if (known != null) {
        return known;
      }
      String name = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
      userNames.putIfAbsent(id, name);
      return name;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return ""; // content given in memory, or a file system without owners
    }
  }

  /** A match as a finding: severity from the rule's meta, its description as the reason. */
  static Finding finding(YaraMatch m, @Nullable Path ruleFile) {
    String description = text(meta(m, "description"));
    String from = ruleFile == null ? "" : " (" + ruleFile.getFileName() + ")";
    String reason =
        (description == null || description.isBlank()
                ? "matched YARA rule " + m.rule()
                : description.strip())
            + from;
    return new Finding(ENGINE, m.rule(), severity(m, ruleFile), reason, m.tags());
  }

  /**
   * {@code severity} (info … critical) or {@code score} (LOKI/THOR's 0-100: under 40 low, under 60
   * medium, under 80 high, else critical) when the rule has them. Otherwise HIGH: the rule sets run
   * over web roots (web shells, skimmers, PHP malware) mostly carry neither, and a match there is a
   * planted backdoor or card collector until someone has looked (LOKI also scores such a rule 70,
   * "suspicious to malicious"). A rule its author files as merely suspicious (a {@code suspicious}
   * tag or rule file name) is MEDIUM. mimamori's overrides for published sets of generic heuristics
   * ({@code severity-overrides.txt}) come first.
   */
  static Severity severity(YaraMatch m, @Nullable Path ruleFile) {
    Severity override = SeverityOverrides.builtin().of(m.rule(), ruleFile);
    if (override != null) {
      return override;
    }
    String label = text(meta(m, "severity"));
    if (label != null) {
      Severity s = fromLabel(label);
      if (s != null) {
        return s;
      }
    }
    Long score = number(meta(m, "score"));
    if (score != null) {
      return fromScore(score);
    }
    boolean suspicious =
        m.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains("suspicious"))
            || ruleFile != null
                && ruleFile
                    .getFileName()
                    .toString()
                    .toLowerCase(Locale.ROOT)
                    .contains("suspicious");
    return suspicious ? Severity.MEDIUM : Severity.HIGH;
  }

  private static Severity fromScore(long score) {
    if (score < 0) {
      return Severity.INFO; // THOR's negative scores mark known-good files
    }
    if (score < 40) {
      return Severity.LOW;
    }
    if (score < 60) {
      return Severity.MEDIUM;
    }
    return score < 80 ? Severity.HIGH : Severity.CRITICAL;
  }

  private static @Nullable Severity fromLabel(String label) {
    String l = label.strip().toLowerCase(Locale.ROOT);
    switch (l) {
      case "warning", "warn", "moderate" -> {
        return Severity.MEDIUM;
      }
      case "informational", "notice" -> {
        return Severity.INFO;
      }
      default -> {
        try {
          return Severity.parse(l);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
  }

  /** Meta keys compared without case: {@code Description}, {@code Score} occur in the wild. */
  private static @Nullable Object meta(YaraMatch m, String key) {
    Object exact = m.meta().get(key);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Object> e : m.meta().entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static @Nullable String text(@Nullable Object value) {
    return value instanceof String s ? s : null;
  }

  private static @Nullable Long number(@Nullable Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
