package dev.mimamori.sensors.source;

/** Receives lines from a source; may block to push back on a fast source. */
@FunctionalInterface
public interface LineSink {
  void accept(RawLine line) throws InterruptedException;
}
