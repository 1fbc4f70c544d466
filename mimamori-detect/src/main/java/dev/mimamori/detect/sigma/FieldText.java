package dev.mimamori.detect.sigma;

import dev.mimamori.detect.DetectionText;
import org.jspecify.annotations.Nullable;

/**
 * One field of one event in the forms the matchers need, each computed at most once per event: as
 * written, lower-cased, and for URL fields percent-decoded (cased and lower-cased). Sigma is
 * case-insensitive except for {@code re} and {@code cased}; a value matches a field if it matches
 * the text as written or, for URL fields, decoded.
 */
final class FieldText {
  final @Nullable String raw;

  /** The ECS name, to ask whether the field is URL-encoded only once its decoded form is wanted. */
  private final String field;

  private @Nullable String lower;
  private @Nullable String decoded;
  private @Nullable String decodedLower;
  private boolean decodedDone;

  FieldText(@Nullable String raw, String field) {
    this.raw = raw;
    this.field = field;
  }

  /** The value lower-cased ({@link Text#lower}); only called when {@link #raw} is set. */
  String lower() {
    String l = lower;
    if (l == null) {
      l = Text.lower(required());
      lower = l;
    }
    return l;
  }

  /** The percent-decoded value when it differs from the raw one, else null. */
  @Nullable String decoded() {
    if (!decodedDone) {
      decodedDone = true;
      String r = raw;
      if (r != null
          && (r.indexOf('%') >= 0 || r.indexOf('+') >= 0)
          && FieldMapping.urlEncoded(field)) {
        String d = DetectionText.decode(r);
        decoded = d.equals(r) ? null : d;
      }
    }
    return decoded;
  }

  /** {@link #decoded()} lower-cased, or null. */
  @Nullable String decodedLower() {
    String d = decoded();
    if (d == null) {
      return null;
    }
    String l = decodedLower;
    if (l == null) {
      l = Text.lower(d);
      decodedLower = l;
    }
    return l;
  }

  private String required() {
    String r = raw;
    if (r == null) {
      throw new IllegalStateException("field has no value");
    }
    return r;
  }
}
