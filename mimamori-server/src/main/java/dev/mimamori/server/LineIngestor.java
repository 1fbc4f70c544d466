package dev.mimamori.server;

import dev.mimamori.pipeline.Pipeline;
import java.util.List;

/** Takes pushed log lines into the pipeline. */
@FunctionalInterface
public interface LineIngestor {
  LineIngestor NONE = (tenant, asset, format, lines) -> Pipeline.Submitted.REFUSED;

  Pipeline.Submitted ingest(String tenant, String asset, String format, List<String> lines)
      throws InterruptedException;
}
