package dev.mimamori.server.api;

import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.Cursor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The opaque {@code cursor} of the paged lists: base64url of {@code v1|list|time|id}, the sort key
 * of the last row of the page before. It names its list, so a cursor of the alerts is refused by
 * the incidents; it holds a position only, never a tenant, so it cannot widen the caller's scope.
 * Anything else is refused with 400.
 */
final class PageCursors {
  static final String INCIDENTS = "incidents";
  static final String ALERTS = "alerts";
  static final String AUDIT = "audit";
  static final String FILE_CHANGES = "file-changes";

  private static final int MAX_LENGTH = 400;
  private static final Pattern TIME = Pattern.compile("-?[0-9]{1,19}");

  private PageCursors() {}

  static String encode(String list, Cursor c) {
    String raw = "v1|" + list + "|" + c.time() + "|" + c.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The position a request's {@code cursor} names, or null when it has none. */
  static @Nullable Cursor decode(String list, @Nullable String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    if (token.length() > MAX_LENGTH) {
      throw invalid();
    }
    String raw;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token.trim());
      raw =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw invalid();
    }
    String[] parts = raw.split("\\|", 4);
    if (parts.length != 4
        || !parts[0].equals("v1")
        || !parts[1].equals(list)
        || !TIME.matcher(parts[2]).matches()
        || parts[3].chars().anyMatch(Character::isISOControl)) {
      throw invalid();
    }
    try {
      return new Cursor(Long.parseLong(parts[2]), parts[3]);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static ApiError invalid() {
    return new ApiError(400, "cursor is not one this list gave out; start again without it");
  }
}
