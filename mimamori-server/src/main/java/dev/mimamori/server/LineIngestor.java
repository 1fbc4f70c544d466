package dev.mimamori.server;

import java.util.List;

/** Takes pushed log lines into the pipeline; true once they are stored. */
@FunctionalInterface
public interface LineIngestor {
  LineIngestor NONE = (tenant, asset, format, lines) -> false;

  boolean ingest(String tenant, String asset, String format, List<String> lines)
      throws InterruptedException;
}
