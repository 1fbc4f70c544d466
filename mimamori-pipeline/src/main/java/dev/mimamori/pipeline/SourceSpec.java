package dev.mimamori.pipeline;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A log file to read.
 *
 * @param path the file
 * @param format the log format (see {@code Parsers})
 * @param tenant the customer it belongs to
 * @param asset the shop it comes from
 * @param follow keep reading as the file grows (and after rotation), instead of stopping at its end
 */
public record SourceSpec(Path path, String format, String tenant, String asset, boolean follow) {
  public SourceSpec {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
  }

  /** The key its read position is saved under. */
  public String id() {
    return "file:" + tenant + ":" + asset + ":" + path.toAbsolutePath().normalize();
  }
}
