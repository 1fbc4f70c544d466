package dev.mimamori.sensors.parse;

/**
 * Turns one raw log line into a normalized event. Implementations are stateless and thread-safe,
 * never throw on bad input (they return {@link ParseResult.Rejected}), and run in time linear in
 * the line's length.
 */
public interface LogParser {

  /** The {@code event.dataset} this parser produces and its name on the command line. */
  String format();

  ParseResult parse(String line, LineContext context);
}
