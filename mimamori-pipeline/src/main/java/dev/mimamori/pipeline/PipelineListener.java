package dev.mimamori.pipeline;

import dev.mimamori.incidents.Correlation;
import dev.mimamori.sensors.parse.ParseResult;

/** Hooks into the pipeline; every method has a no-op default. */
public interface PipelineListener {
  PipelineListener NONE = new PipelineListener() {};

  default void rejected(SourceSpec source, ParseResult.Rejected rejection) {}

  default void correlated(Correlation correlation) {}

  default void sourceFailed(SourceSpec source, Exception error) {}
}
