package dev.mimamori.scan.heuristics;

import com.google.re2j.Pattern;
import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Server configuration that makes other files run as PHP: {@code AddHandler}/{@code AddType}/
 * {@code SetHandler} for image extensions (so a shell saved as .jpg runs), and {@code
 * auto_prepend_file}, which runs a file before every page.
 */
final class HtaccessDetector implements Detector {
  private static final Set<String> DIRECTIVES =
      Set.of("addhandler", "addtype", "sethandler", "forcetype", "addhandler+");
  // RE2/J: these see file content, so they must run in linear time
  private static final Pattern WORDS = Pattern.compile("[\\s=\"']+");
  private static final Pattern EXTENSION_WORDS = Pattern.compile("[^a-z0-9]+");
  private static final Pattern PREFIX = Pattern.compile("^auto_(?:prepend|append)_file[\\s=\"']*");
  private static final Pattern QUOTES = Pattern.compile("[\"']");
  private static final Pattern PHP_FILE = Pattern.compile("\\.php[0-9]?$");
  private static final Set<String> TEXT_EXTENSIONS =
      Set.of("txt", "html", "htm", "log", "xml", "json");

  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isServerConfig()) {
      return;
    }
    String text = file.text();
    String section = "";
    int lineStart = 0;
    while (lineStart < text.length()) {
      int end = text.indexOf('\n', lineStart);
      if (end < 0) {
        end = text.length();
      }
      String line = Latin1.lower(text.substring(lineStart, end)).trim();
      if (line.startsWith("<files")) {
        section = line;
      } else if (line.startsWith("</files")) {
        section = "";
      } else if (!line.startsWith("#")) {
        inspectLine(file, line, section, lineStart, report);
      }
      lineStart = end + 1;
    }
  }

  private static void inspectLine(
      ScanContext file, String line, String section, int offset, Report report) {
    String[] words = WORDS.split(line);
    if (words.length == 0) {
      return;
    }
    String directive = words[0];
    if (DIRECTIVES.contains(directive) && line.contains("php")) {
      String scope = section.isEmpty() ? line : section + " " + line;
      String extension = mappedExtension(scope);
      if (extension == null
          && section.isEmpty()
          && (directive.equals("sethandler") || directive.equals("forcetype"))) {
        report.finding(
            "htaccess-php-handler",
            Severity.HIGH,
            "makes every file of the directory run as PHP at "
                + file.line(offset)
                + ": "
                + abbreviate(line),
            Tags.BACKDOOR);
      } else if (extension != null) {
        boolean image = ScanContext.NON_PHP_EXTENSIONS.contains(extension);
        report.finding(
            "htaccess-php-handler",
            image ? Severity.CRITICAL : Severity.HIGH,
            "makes ."
                + extension
                + " files run as PHP at "
                + file.line(offset)
                + ": "
                + abbreviate(line),
            Tags.BACKDOOR);
      }
      return;
    }
    int prepend = line.indexOf("auto_prepend_file");
    int append = line.indexOf("auto_append_file");
    int at = prepend >= 0 ? prepend : append;
    if (at >= 0) {
      String value =
          QUOTES.matcher(PREFIX.matcher(line.substring(at)).replaceFirst("")).replaceAll("").trim();
      if (value.isEmpty() || value.equals("none")) {
        return;
      }
      boolean odd =
          !PHP_FILE.matcher(value).find()
              || value.contains("/tmp/")
              || value.contains("user_data")
              || value.contains("upload")
              || value.contains("/images/");
      report.finding(
          "htaccess-auto-prepend",
          odd ? Severity.CRITICAL : Severity.MEDIUM,
          "runs "
              + abbreviate(value)
              + " before or after every PHP page ("
              + file.line(offset)
              + ")",
          Tags.BACKDOOR);
    }
  }

  /** The first non-PHP extension the directive (or its Files section) names, or null. */
  private static @Nullable String mappedExtension(String scope) {
    for (String part : EXTENSION_WORDS.split(scope)) {
      if (ScanContext.NON_PHP_EXTENSIONS.contains(part) || TEXT_EXTENSIONS.contains(part)) {
        return part;
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
