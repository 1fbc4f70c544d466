package dev.mimamori.server.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The font the PDF embeds: one with Japanese glyphs (and Latin ones), read from the system at run
 * time; mimamori ships none. {@code MIMAMORI_REPORT_FONT} names a TrueType file; otherwise the
 * Debian packages' paths are tried (IPA Gothic first: {@code fonts-ipafont-gothic}).
 */
public final class ReportFonts {
  /** The environment variable naming a TrueType (.ttf) font file. */
  public static final String ENV = "MIMAMORI_REPORT_FONT";

  /** What to install when none is found. */
  public static final String DEBIAN_PACKAGE = "fonts-ipafont-gothic";

  /** TrueType outlines only: PDFBox embeds those; the CFF-based Noto CJK .ttc it cannot. */
  static final List<Path> CANDIDATES =
      List.of(
          Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf"),
          Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
          Path.of("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
          Path.of("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
          Path.of("/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf"),
          Path.of("/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf"),
          Path.of("/usr/share/fonts/ipa-gothic/ipag.ttf"),
          Path.of("/usr/share/fonts/vlgothic/VL-Gothic-Regular.ttf"));

  private ReportFonts() {}

  /** The font to embed, if one is there. */
  public static Optional<Path> find() {
    return find(System.getenv(ENV), CANDIDATES);
  }

  static Optional<Path> find(@Nullable String configured, List<Path> candidates) {
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isReadable(p) ? Optional.of(p) : Optional.empty();
    }
    return candidates.stream().filter(Files::isReadable).findFirst();
  }

  /** Why a Japanese PDF cannot be made here, for the log and the API's answer. */
  public static String missingMessage() {
    String configured = System.getenv(ENV);
    return configured != null && !configured.isBlank()
        ? ENV + " names a font file that cannot be read"
        : "no font with Japanese glyphs is installed: install the Debian package "
            + DEBIAN_PACKAGE
            + " or set "
            + ENV
            + " to a TrueType (.ttf) file";
  }
}
