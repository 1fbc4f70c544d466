package dev.mimamori.pipeline;

import java.util.Objects;

/**
 * The byte stream an event's {@code log.offset} counts in: one file of one source (a rotated file
 * and its successor at the same path are two streams), or one pushed source. An archived event's
 * identity is its stream and offset.
 *
 * @param tenant the customer
 * @param asset the shop
 * @param path the source's path ({@code /http-ingest/<asset>} for pushed lines)
 * @param fileKey the file's device and inode as the JDK reports them, or empty when there is none
 */
public record StreamId(String tenant, String asset, String path, String fileKey) {
  public StreamId {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fileKey, "fileKey");
  }

  static StreamId of(SourceSpec source, @org.jspecify.annotations.Nullable String fileKey) {
    return new StreamId(
        source.tenant(),
        source.asset(),
        source.path().toAbsolutePath().normalize().toString(),
        fileKey == null ? "" : fileKey);
  }

  /** One string for the whole identity, for indexes. */
  public String key() {
    return tenant + '\u0000' + asset + '\u0000' + path + '\u0000' + fileKey;
  }
}
