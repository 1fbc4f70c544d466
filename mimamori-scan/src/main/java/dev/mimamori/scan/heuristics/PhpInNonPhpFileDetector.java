package dev.mimamori.scan.heuristics;

import com.google.re2j.Pattern;
import dev.mimamori.model.Severity;
import java.util.Locale;

/**
 * PHP where no PHP belongs: {@code <?php} inside an image, an icon, an SVG, a font or a style
 * sheet, and names like {@code x.php.jpg}. Such a file is a backdoor waiting for an include or a
 * handler tweak ({@code .htaccess}) to run it.
 */
final class PhpInNonPhpFileDetector implements Detector {
  private static final Pattern DOUBLE = Pattern.compile("\\.(?:php[0-9]?|phtml|phar)\\.[a-z0-9]+$");

  @Override
  public void inspect(ScanContext file, Report report) {
    String base = file.baseName().toLowerCase(Locale.ROOT);
    boolean doubleExtension = DOUBLE.matcher(base).find() && !file.hasPhpExtension();
    if (!file.hasNonPhpExtension() && !doubleExtension) {
      return;
    }
    int tag = file.phpTag();
    if (tag >= 0) {
      report.finding(
          "php-in-non-php-file",
          Severity.HIGH,
          "PHP code in a ."
              + file.extension()
              + " file"
              + (doubleExtension ? " with a double extension (" + base + ")" : "")
              + " at "
              + file.line(tag),
          Tags.BACKDOOR,
          Tags.WEBSHELL);
    } else if (doubleExtension) {
      report.signal("double-extension", 2, "a double extension (" + base + ")", Tags.BACKDOOR);
    }
  }
}
