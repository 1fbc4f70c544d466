package dev.mimamori.fim;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Judges a change by what a web shop stands to lose: PHP in a web-served upload folder is a web
 * shell until proven otherwise; a template or script that starts loading a foreign host or reading
 * card fields is a skimmer until proven otherwise; server configuration and new plugins are for a
 * human to confirm; the rest is noted.
 */
public final class ChangeClassifier {
  static final Set<String> PHP_EXTENSIONS =
      Set.of("php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar", "pht", "phps", "pgif");
  static final Set<String> FRONT_END =
      Set.of("js", "mjs", "twig", "tpl", "html", "htm", "phtml", "xhtml", "svg", "vue");
  static final Set<String> CODE =
      Set.of(
          "php",
          "phtml",
          "phar",
          "inc",
          "js",
          "mjs",
          "twig",
          "tpl",
          "html",
          "htm",
          "py",
          "pl",
          "cgi",
          "sh",
          "htaccess",
          "ini",
          "env",
          "yml",
          "yaml",
          "xml",
          "json",
          "css");
  private static final int WORLD_WRITABLE = 0002;

  private final AppProfile app;

  public ChangeClassifier(AppProfile app) {
    this.app = app;
  }

  public AppProfile app() {
    return app;
  }

  /** The severity and reasons for one change; findings raise the severity, never lower it. */
  public Verdict classify(
      String path,
      ChangeKind kind,
      @Nullable FileRecord before,
      @Nullable FileRecord after,
      @Nullable DiffSummary diff,
      List<Finding> findings) {
    return classify(
        path, kind, before, after, diff, findings, diff != null && diff.traits().contains("php"));
  }

  /**
   * As above, with {@code phpTag} true when the new content holds a PHP open tag (read from the raw
   * bytes, so a binary image with PHP after its header counts).
   */
  public Verdict classify(
      String path,
      ChangeKind kind,
      @Nullable FileRecord before,
      @Nullable FileRecord after,
      @Nullable DiffSummary diff,
      List<Finding> findings,
      boolean phpTag) {
    List<String> reasons = new ArrayList<>();
    Severity s = base(path, kind, after);
    String name = name(path);
    String ext = extension(name);
    boolean content =
        kind == ChangeKind.ADDED || kind == ChangeKind.MODIFIED || kind == ChangeKind.TYPE;
    boolean file = after != null && after.kind() == FileKind.FILE;

    if (content && file && app.inUploadDir(path)) {
      if (isPhpName(name)) {
        s = s.max(Severity.CRITICAL);
        reasons.add(
            "PHP file in a web-served upload or asset folder: a web shell or collector until proven otherwise");
      } else if (phpTag && !PHP_EXTENSIONS.contains(ext)) {
        s = s.max(Severity.CRITICAL);
        reasons.add("PHP code inside a ." + ext + " file in an upload folder");
      }
    } else if (kind == ChangeKind.ADDED && file && isPhpName(name) && hasDoubleExtension(name)) {
      s = s.max(Severity.HIGH);
      reasons.add("PHP hidden behind a double extension");
    } else if (kind == ChangeKind.ADDED && file && isPhpName(name)) {
      s = s.max(Severity.MEDIUM);
      reasons.add("new PHP file");
    }
    if (content && file && diff != null && !diff.traits().isEmpty()
        || content && diff != null && !diff.scriptHostsAdded().isEmpty()) {
      s = s.max(frontEnd(path, ext, diff, reasons));
    }
    s = s.max(configuration(name, kind, diff, reasons));
    if (kind == ChangeKind.ADDED
        && after != null
        && after.kind() == FileKind.DIRECTORY
        && app.isPluginFolder(path)) {
      s = s.max(Severity.MEDIUM);
      reasons.add("new plugin folder: confirm someone installed it");
    }
    if (kind == ChangeKind.ADDED && file && app.inAdminDir(path)) {
      s = s.max(Severity.MEDIUM);
      reasons.add("new file in an admin-only folder");
    }
    s = s.max(metadata(kind, before, after, reasons));
    if ((kind == ChangeKind.ADDED || kind == ChangeKind.MODIFIED)
        && after != null
        && after.kind() == FileKind.SYMLINK
        && leavesTheRoot(path, after.linkTarget())) {
      s = s.max(Severity.HIGH);
      reasons.add(
          "a link out of the web root ("
              + after.linkTarget()
              + "): it can serve files such as .env or /etc/passwd");
    }
    for (Finding f : findings) {
      s = s.max(f.severity());
      reasons.add("scan (" + f.engine() + " " + f.rule() + "): " + f.reason());
    }
    if (reasons.isEmpty()) {
      reasons.add(defaultReason(kind, after, ext));
    }
    return new Verdict(s, reasons);
  }

  /** A severity and the sentences that explain it. */
  public record Verdict(Severity severity, List<String> reasons) {}

  private Severity base(String path, ChangeKind kind, @Nullable FileRecord after) {
    String ext = extension(name(path));
    return switch (kind) {
      case DELETED -> Severity.LOW;
      case ADDED, MODIFIED ->
          after != null && after.kind() == FileKind.FILE && CODE.contains(ext)
              ? Severity.LOW
              : Severity.INFO;
      case PERMISSIONS, OWNER -> Severity.LOW;
      case TYPE -> Severity.MEDIUM;
      case UPGRADE -> Severity.LOW;
    };
  }

  private Severity frontEnd(String path, String ext, DiffSummary diff, List<String> reasons) {
    boolean frontEnd =
        FRONT_END.contains(ext) || app.inTemplateDir(path) || PHP_EXTENSIONS.contains(ext);
    if (!frontEnd) {
      return Severity.INFO;
    }
    Severity s = Severity.INFO;
    List<String> traits = diff.traits();
    if (!diff.scriptHostsAdded().isEmpty()) {
      s = Severity.HIGH;
      reasons.add(
          "loads a script or beacon from a new host: "
              + String.join(", ", diff.scriptHostsAdded()));
    }
    if (traits.contains("packed")) {
      s = Severity.HIGH;
      reasons.add("adds packed code (eval(function(p,a,c,k,e,d)))");
    } else if (traits.contains("eval") && traits.contains("decoding")) {
      s = Severity.HIGH;
      reasons.add("adds an eval/atob/unescape chain");
    }
    if (traits.contains("card-fields")) {
      s = Severity.HIGH;
      reasons.add(
          "adds code that reads card fields"
              + (traits.contains("exfiltration") ? " and sends data out" : ""));
    }
    if (traits.contains("password-fields") && traits.contains("exfiltration")) {
      s = Severity.HIGH;
      reasons.add("adds code that reads password fields and sends data out");
    }
    if (s == Severity.INFO && traits.contains("exfiltration") && !diff.hostsAdded().isEmpty()) {
      s = Severity.MEDIUM;
      reasons.add("adds requests to a new host: " + String.join(", ", diff.hostsAdded()));
    }
    return s;
  }

  private static Severity configuration(
      String name, ChangeKind kind, @Nullable DiffSummary diff, List<String> reasons) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean server =
        lower.equals(".htaccess") || lower.equals(".user.ini") || lower.equals("php.ini");
    if (server) {
      if (kind == ChangeKind.DELETED) {
        reasons.add(name + " removed: protections it held (e.g. no PHP in uploads) are gone");
        return Severity.MEDIUM;
      }
      reasons.add(name + " changed: it controls how the server runs files");
      return Severity.MEDIUM;
    }
    if (lower.equals(".env")
        || lower.startsWith(".env.")
        || lower.equals("wp-config.php")
        || lower.equals("env.php")
        || lower.equals("config.php")) {
      if (kind != ChangeKind.DELETED) {
        reasons.add(name + " changed: it holds the database credentials");
        return Severity.MEDIUM;
      }
    }
    return Severity.INFO;
  }

  private static Severity metadata(
      ChangeKind kind,
      @Nullable FileRecord before,
      @Nullable FileRecord after,
      List<String> reasons) {
    if (before == null || after == null) {
      return Severity.INFO;
    }
    Severity s = Severity.INFO;
    if (kind == ChangeKind.TYPE) {
      reasons.add(
          "was a "
              + before.kind().label()
              + ", now a "
              + after.kind().label()
              + (after.linkTarget() != null ? " to " + after.linkTarget() : ""));
      s = Severity.MEDIUM;
      if (after.kind() == FileKind.SYMLINK
          && after.linkTarget() != null
          && (after.linkTarget().startsWith("/") || after.linkTarget().contains(".."))) {
        reasons.add("a link out of the web root can expose files such as .env or /etc/passwd");
        s = Severity.HIGH;
      }
    }
    if (before.mode() != after.mode()) {
      if ((after.mode() & WORLD_WRITABLE) != 0 && (before.mode() & WORLD_WRITABLE) == 0) {
        reasons.add(
            String.format("made world-writable (%04o → %04o)", before.mode(), after.mode()));
        s = s.max(Severity.MEDIUM);
      } else if (kind == ChangeKind.PERMISSIONS) {
        reasons.add(String.format("permissions %04o → %04o", before.mode(), after.mode()));
      }
    }
    if (before.uid() != after.uid() || before.gid() != after.gid()) {
      if (kind == ChangeKind.OWNER || kind == ChangeKind.PERMISSIONS) {
        reasons.add(
            "owner " + before.uid() + ":" + before.gid() + " → " + after.uid() + ":" + after.gid());
      }
    }
    return s;
  }

  private static String defaultReason(ChangeKind kind, @Nullable FileRecord after, String ext) {
    return switch (kind) {
      case ADDED -> after != null && after.kind() == FileKind.DIRECTORY ? "new folder" : "new file";
      case MODIFIED -> "content changed";
      case DELETED -> "removed";
      case PERMISSIONS -> "permissions changed";
      case OWNER -> "owner changed";
      case TYPE -> "type changed";
      case UPGRADE -> "application upgrade";
    };
  }

  /** True when a link at {@code path} pointing at {@code target} leads outside the root. */
  static boolean leavesTheRoot(String path, @Nullable String target) {
    if (target == null || target.isEmpty()) {
      return false;
    }
    if (target.startsWith("/")) {
      return true;
    }
    int depth = 0;
    String[] from = path.split("/");
    depth = from.length - 1;
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        depth--;
        if (depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  /**
   * True when the bytes hold a PHP open tag: {@code <?php} (any case), {@code <?=}, or the short
   * tag {@code <?} followed by white space (run where {@code short_open_tag} is on). {@code <?xml}
   * is not one.
   */
  public static boolean hasPhpTag(byte[] content) {
    return hasPhpTag(content, 0, content.length);
  }

  /** As above, over {@code content[from, to)}; a tag must start before {@code to}. */
  public static boolean hasPhpTag(byte[] content, int from, int to) {
    for (int i = from; i + 2 < to + 4 && i + 2 < content.length && i < to; i++) {
      if (content[i] == '<' && content[i + 1] == '?') {
        byte c = content[i + 2];
        if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          return true;
        }
        if (i + 4 < content.length
            && (c | 0x20) == 'p'
            && (content[i + 3] | 0x20) == 'h'
            && (content[i + 4] | 0x20) == 'p') {
          return true;
        }
      }
    }
    return false;
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && dot < name.length() - 1
        ? name.substring(dot + 1).toLowerCase(Locale.ROOT)
        : "";
  }

  /** {@code x.php}, {@code x.phtml}, and PHP behind a second extension ({@code x.php.jpg}). */
  static boolean isPhpName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (PHP_EXTENSIONS.contains(extension(lower))) {
      return true;
    }
    return hasDoubleExtension(lower);
  }

  static boolean hasDoubleExtension(String name) {
    String[] parts = name.toLowerCase(Locale.ROOT).split("\\.");
    for (int i = 1; i < parts.length - 1; i++) {
      if (PHP_EXTENSIONS.contains(parts[i])) {
        return true;
      }
    }
    return false;
  }
}
