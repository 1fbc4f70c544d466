package dev.mimamori.incidents.notify;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file sent with a message (a report's PDF). The name and type are mimamori's own, checked here
 * so neither can carry a header break; the content is copied in and out.
 *
 * @param filename e.g. {@code mimamori-report-shop-a-2026-11.pdf}
 * @param contentType e.g. {@code application/pdf}
 * @param content the bytes
 */
public record Attachment(String filename, String contentType, byte[] content) {
  /** The most one message carries: mail servers commonly refuse more than 10 to 25 MB. */
  public static final int MAX_BYTES = 10 * 1024 * 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]{1,64}");

  public Attachment {
    Objects.requireNonNull(content, "content");
    if (!NAME.matcher(filename).matches()) {
      throw new IllegalArgumentException("an attachment's name holds A-Z, a-z, 0-9 and . _ - only");
    }
    if (!TYPE.matcher(contentType).matches()) {
      throw new IllegalArgumentException("not a media type: " + Sanitize.oneLine(contentType));
    }
    if (content.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "an attachment of " + content.length + " bytes is larger than " + MAX_BYTES);
    }
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attachment a
        && a.filename.equals(filename)
        && a.contentType.equals(contentType)
        && java.util.Arrays.equals(a.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, contentType, java.util.Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "Attachment[" + filename + ", " + contentType + ", " + content.length + " bytes]";
  }
}
