package dev.mimamori.detect.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * SQL injection by tokenization: the value is tokenized as SQL three times, as written, as if it
 * followed a single quote and as if it followed a double quote (the literal it was probably meant
 * to stay inside), each token stream is folded to its shape, and {@link SqlClassifier} judges the
 * shape. Linear in the value; the value is cut at {@link WebDecoder#MAX_INPUT}.
 */
public final class SqlInjection {
  private static final int FINGERPRINT_MAX = 24;
  private static final char[] CONTEXTS = {0, '\'', '"'};

  private SqlInjection() {}

  /**
   * Why {@code value} is SQL injection.
   *
   * @param reason the rule that fired
   * @param fingerprint the folded token kinds, one letter each ({@link SqlKind#letter()})
   * @param context {@code as-is}, {@code quote '} or {@code quote "}
   * @param at offset in the value where the injected SQL starts
   */
  public record Verdict(String reason, String fingerprint, String context, int at) {}

  /** The verdict for {@code value}, or {@code null} when it reads as data in every context. */
  public static @Nullable Verdict analyze(String value) {
    String text =
        value.length() > WebDecoder.MAX_INPUT ? value.substring(0, WebDecoder.MAX_INPUT) : value;
    if (!worthTokenizing(text)) {
      return null;
    }
    for (char quote : CONTEXTS) {
      if (quote != 0 && text.indexOf(quote) < 0) {
        continue;
      }
      List<SqlToken> tokens = SqlFolder.fold(SqlTokenizer.tokenize(text, quote));
      SqlClassifier.Hit hit = new SqlClassifier(tokens, quote != 0).classify();
      if (hit == null && quote == 0 && text.contains("/*!")) {
        hit = executableComment(tokens);
      }
      if (hit != null) {
        return new Verdict(
            hit.reason(),
            fingerprint(tokens),
            quote == 0 ? "as-is" : "quote " + quote,
            tokens.get(hit.token()).start());
      }
    }
    return null;
  }

  /**
   * MySQL runs the inside of {@code /*!...*}{@code /}: nobody writes one in a form field, so one
   * around SQL keywords is an attack that hides from filters.
   */
  private static SqlClassifier.@Nullable Hit executableComment(List<SqlToken> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      SqlKind k = tokens.get(i).kind();
      if (k == SqlKind.STATEMENT || k == SqlKind.UNION || k == SqlKind.LOGIC) {
        return new SqlClassifier.Hit("SQL inside a MySQL executable comment", i);
      }
    }
    return null;
  }

  /** The folded token kinds of {@code value} read as written, for messages and tests. */
  public static String fingerprint(String value, char openQuote) {
    return fingerprint(SqlFolder.fold(SqlTokenizer.tokenize(value, openQuote)));
  }

  private static String fingerprint(List<SqlToken> tokens) {
    StringBuilder b = new StringBuilder(FINGERPRINT_MAX);
    for (int i = 0; i < tokens.size() && i < FINGERPRINT_MAX; i++) {
      b.append(tokens.get(i).kind().letter());
    }
    return b.toString();
  }

  /** One plain word or number (letters, digits, dots, hyphens) is data in every context. */
  private static boolean worthTokenizing(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 && !Character.isLetterOrDigit(c) && c != '.' && c != '-') {
        return true;
      }
    }
    return false;
  }
}
