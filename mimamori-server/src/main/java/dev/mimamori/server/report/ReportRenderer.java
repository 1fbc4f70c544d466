package dev.mimamori.server.report;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a {@link MonthlyReport} into HTML (jte, auto-escaped) and PDF (openhtmltopdf over the same
 * page, with the style sheet put inside and the Japanese font embedded). The PDF renderer loads
 * nothing from outside: every external resource is refused.
 */
public final class ReportRenderer {
  /** The family name the style sheet asks for first; the embedded font is registered under it. */
  static final String FONT_FAMILY = "mimamori-report";

  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Map<String, String> japaneseTitles;
  private final Optional<Path> font;
  private final String css;

  /** Thrown when a Japanese PDF is asked for and no Japanese font is installed. */
  public static final class FontMissingException extends RuntimeException {
    FontMissingException(String message) {
      super(message);
    }
  }

  public ReportRenderer(Map<String, String> japaneseTitles, Optional<Path> font) {
    this.japaneseTitles = Map.copyOf(japaneseTitles);
    this.font = font;
    this.css = resource("/console/static/report.css");
    // openhtmltopdf logs every step at INFO through java.util.logging.
    Logger.getLogger("com.openhtmltopdf").setLevel(Level.WARNING);
  }

  /** The page for the browser: the style sheet linked from /static (the CSP allows only that). */
  public String html(MonthlyReport report) {
    return render(new ReportView(report, ReportTexts.of(report.language()), japaneseTitles, null));
  }

  /** The PDF. */
  public byte[] pdf(MonthlyReport report) {
    if (font.isEmpty() && report.language() == ReportLanguage.JA) {
      throw new FontMissingException(ReportFonts.missingMessage());
    }
    String page =
        render(new ReportView(report, ReportTexts.of(report.language()), japaneseTitles, css));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    PdfRendererBuilder b = new PdfRendererBuilder();
    b.useFastMode();
    b.withHtmlContent(page, null);
    b.useExternalResourceAccessControl(
        (uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
    b.useExternalResourceAccessControl(
        (uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
    font.ifPresent(f -> b.useFont(f.toFile(), FONT_FAMILY));
    b.withProducer("mimamori");
    b.toStream(out);
    try {
      b.run();
    } catch (IOException e) {
      throw new UncheckedIOException("the PDF could not be made", e);
    }
    return out.toByteArray();
  }

  private String render(ReportView view) {
    StringOutput out = new StringOutput();
    templates.render("report/report.jte", view, out);
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = ReportRenderer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
