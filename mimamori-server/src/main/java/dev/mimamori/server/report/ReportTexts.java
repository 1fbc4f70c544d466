package dev.mimamori.server.report;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The report's words in one language, from {@code report/i18n/report_*.properties}: apart from the
 * console's, since a report is also a PDF and an e-mail, made without a request.
 */
public final class ReportTexts {
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final ReportLanguage language;
  private final ResourceBundle bundle;

  private ReportTexts(ReportLanguage language) {
    this.language = language;
    this.bundle = ResourceBundle.getBundle("report.i18n.report", language.locale(), NO_FALLBACK);
  }

  private static final ReportTexts JA = new ReportTexts(ReportLanguage.JA);
  private static final ReportTexts EN = new ReportTexts(ReportLanguage.EN);

  public static ReportTexts of(ReportLanguage language) {
    return language == ReportLanguage.JA ? JA : EN;
  }

  public String t(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  public String t(String key, Object... args) {
    return new MessageFormat(t(key), language.locale()).format(args);
  }
}
