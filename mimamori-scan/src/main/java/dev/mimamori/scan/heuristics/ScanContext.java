package dev.mimamori.scan.heuristics;

import dev.mimamori.scan.heuristics.js.JsAnalyzer;
import dev.mimamori.scan.heuristics.js.JsFacts;
import dev.mimamori.scan.heuristics.js.ScriptBlocks;
import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.php.PhpFlow;
import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One file as the detectors see it: its name, its content as a byte string, what kind of file it is
 * by name and by content, and the PHP and script analyses, each run at most once and only when a
 * detector asks. Belongs to one scan on one thread.
 */
final class ScanContext {
  static final Set<String> PHP_EXTENSIONS =
      Set.of("php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phps", "phar", "inc");
  static final Set<String> SCRIPT_EXTENSIONS = Set.of("js", "mjs", "cjs");
  static final Set<String> MARKUP_EXTENSIONS =
      Set.of("html", "htm", "xhtml", "twig", "tpl", "phtml", "vue", "shtml");

  /** Names that never hold PHP in a clean web root, though PHP may be made to run them. */
  static final Set<String> NON_PHP_EXTENSIONS =
      Set.of(
          "jpg", "jpeg", "png", "gif", "ico", "bmp", "webp", "svg", "tif", "tiff", "woff", "woff2",
          "ttf", "eot", "otf", "css", "mp3", "mp4");

  /** Kinds that are never read as scripts: data, documents, sources of other languages. */
  static final Set<String> KNOWN_EXTENSIONS =
      Set.of(
          "txt",
          "md",
          "json",
          "xml",
          "yml",
          "yaml",
          "csv",
          "sql",
          "ini",
          "lock",
          "log",
          "map",
          "ts",
          "py",
          "rb",
          "pl",
          "sh",
          "java",
          "c",
          "h",
          "go",
          "rs",
          "scss",
          "less",
          "dist",
          "neon",
          "po",
          "pot",
          "mo",
          "properties",
          "conf",
          "twig",
          "tpl",
          "html",
          "htm",
          "rst",
          "license",
          "cjs",
          "svg",
          "xsd",
          "xsl",
          "dtd",
          "tsx",
          "jsx",
          "vue",
          "phpt");

  private final String name;
  private final String extension;
  private final String text;
  private final int phpTag;
  private @Nullable PhpFacts php;
  private @Nullable List<JsFacts> scripts;

  ScanContext(String name, String extension, byte[] content) {
    this.name = name;
    this.extension = extension;
    this.text = Latin1.of(content);
    this.phpTag = findPhpTag(text);
  }

  /**
   * The first {@code <?php}, or {@code <?=} followed by a variable: three random bytes of an image
   * spell {@code <?=} often enough, so that form needs more.
   */
  static int findPhpTag(String text) {
    int php = Latin1.indexOfIgnoreCase(text, "<?php", 0);
    int echo = text.indexOf("<?=");
    while (echo >= 0
        && !(echo + 4 < text.length()
            && (text.charAt(echo + 3) == '$'
                || text.charAt(echo + 3) == ' ' && text.charAt(echo + 4) == '$'))) {
      echo = text.indexOf("<?=", echo + 3);
      if (php >= 0 && echo > php) {
        break;
      }
    }
    if (php < 0) {
      return echo;
    }
    return echo < 0 ? php : Math.min(php, echo);
  }

  String name() {
    return name;
  }

  /** The base name: what follows the last '/'. */
  String baseName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  String extension() {
    return extension;
  }

  /** The content, one char per byte. */
  String text() {
    return text;
  }

  /** Offset of the first {@code <?php} or {@code <?=}, or -1. */
  int phpTag() {
    return phpTag;
  }

  boolean hasPhpExtension() {
    return PHP_EXTENSIONS.contains(extension);
  }

  /**
   * PHP by name, or any other file with a PHP open tag in it (a renamed shell runs all the same).
   * Text files ({@code shell.txt}, kept for remote inclusion) count with a short tag {@code <? }
   * too; in binary files that tag is too likely by chance.
   */
  boolean isPhp() {
    return hasPhpExtension()
        || phpTag >= 0
        || !hasNonPhpExtension() && Latin1.printableRatio(text) > 0.95 && hasShortTag();
  }

  private boolean hasShortTag() {
    int i = text.indexOf("<?");
    while (i >= 0 && i + 2 < text.length()) {
      char c = text.charAt(i + 2);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        return true;
      }
      i = text.indexOf("<?", i + 2);
    }
    return false;
  }

  boolean isScript() {
    return SCRIPT_EXTENSIONS.contains(extension) || looksLikeScript();
  }

  /**
   * A file of no known kind (a skimmer saved as {@code /media/x} or {@code lib.pw}) that reads like
   * a script: printable text, no markup or PHP, and script words.
   */
  private boolean looksLikeScript() {
    if (KNOWN_EXTENSIONS.contains(extension)
        || hasNonPhpExtension()
        || hasPhpExtension()
        || MARKUP_EXTENSIONS.contains(extension)
        || text.isEmpty()
        || text.charAt(0) == '<'
        || text.indexOf("<?") >= 0
        || Latin1.printableRatio(text) < 0.95) {
      return false;
    }
    return text.contains("function") || text.contains("var ") || text.contains("=>");
  }

  boolean hasNonPhpExtension() {
    return NON_PHP_EXTENSIONS.contains(extension);
  }

  /**
   * {@code .htaccess}, {@code .user.ini} and {@code php.ini}: server configuration in the web root.
   */
  boolean isServerConfig() {
    String base = baseName().toLowerCase(Locale.ROOT);
    return base.equals(".htaccess")
        || base.endsWith(".htaccess")
        || base.equals(".user.ini")
        || base.equals("php.ini");
  }

  /** The PHP flow analysis; empty facts for a file that is not PHP. */
  PhpFacts php() {
    PhpFacts p = php;
    if (p == null) {
      if (!isPhp()) {
        p = PhpFlow.analyze("", false);
      } else {
        // A .php file without an open tag is a fragment for eval or include: read it all as code.
        p = PhpFlow.analyze(text, phpTag < 0 && text.indexOf("<?") < 0);
      }
      php = p;
    }
    return p;
  }

  /**
   * The scripts in the file: the whole file for a .js file, otherwise each inline {@code <script>}
   * of a page, template or PHP file.
   */
  List<JsFacts> scripts() {
    List<JsFacts> s = scripts;
    if (s == null) {
      s = new ArrayList<>();
      if (isScript()) {
        s.add(JsAnalyzer.analyze(text, 0, text.length()));
      } else if (!hasNonPhpExtension() || phpTag >= 0) {
        for (ScriptBlocks.Block b : ScriptBlocks.find(text)) {
          if (b.to() > b.from()) {
            s.add(JsAnalyzer.analyze(text, b.from(), b.to()));
          }
        }
      }
      scripts = s;
    }
    return s;
  }

  /** "line N" of an offset, for reasons. */
  String line(int offset) {
    return "line " + Latin1.lineOf(text, offset);
  }
}
