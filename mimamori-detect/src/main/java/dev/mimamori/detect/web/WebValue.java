package dev.mimamori.detect.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request value, decoded.
 *
 * @param parameter the query parameter's name, when the value is one
 * @param source where in the request it came from
 * @param variants its decoded readings ({@link WebDecoder#variants}), the ones the checks try: the
 *     canonical reading only where it adds something beyond case and spacing, which the checks
 *     ignore anyway (full-width letters, SQL comments)
 */
record WebValue(@Nullable String parameter, Source source, List<String> variants) {
  /** Where a value came from: it decides how it is decoded and which URLs are ordinary in it. */
  enum Source {
    PARAMETER,
    PATH,
    HEADER,
    REFERRER
  }

  static WebValue of(String raw, @Nullable String parameter, Source source) {
    boolean form = source == Source.PARAMETER || source == Source.REFERRER;
    return new WebValue(parameter, source, WebDecoder.decode(raw, form).variants(false));
  }
}
