package dev.mimamori.vuln.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises bundled JavaScript libraries by the version in their licence header ({@code
 * js-headers.tsv}). A header can be forged (skimmers pose as "Bootstrap v3.3.4"): this says what
 * the file claims to be, and file integrity says whether it changed.
 */
public final class ScriptHeaders {
  /** A library and the version its header names. */
  public record Library(String name, String version) {}

  private record Rule(String name, Pattern pattern) {}

  private static final List<Rule> RULES = load();

  private ScriptHeaders() {}

  public static Optional<Library> identify(String head) {
    for (Rule r : RULES) {
      Matcher m = r.pattern.matcher(head);
      if (m.find()) {
        return Optional.of(new Library(r.name, m.group(1)));
      }
    }
    return Optional.empty();
  }

  private static final Pattern URL_VERSION =
      Pattern.compile(
          "(?:^|/)(jquery-ui|jquery-migrate|jquery|bootstrap|vue|moment|swiper|slick-carousel|lodash)"
              + "(?:[-@/]|\\.js/)v?(\\d{1,4}(?:\\.\\d{1,4}){1,3})(?=[./-]|$)",
          Pattern.CASE_INSENSITIVE);

  /**
   * A library named by its URL: {@code jquery-3.4.1.min.js}, {@code /npm/bootstrap@4.6.0/}, {@code
   * /jquery/3.6.0/}.
   */
  public static Optional<Library> fromUrl(String path) {
    Matcher m = URL_VERSION.matcher(path);
    return m.find()
        ? Optional.of(new Library(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2)))
        : Optional.empty();
  }

  private static List<Rule> load() {
    List<Rule> out = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(ScriptHeaders.class.getResourceAsStream("js-headers.tsv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          out.add(new Rule(f[0], Pattern.compile(f[1])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
