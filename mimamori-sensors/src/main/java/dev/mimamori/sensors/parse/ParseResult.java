package dev.mimamori.sensors.parse;

import dev.mimamori.model.Event;

/** A parser's answer for one line: an event, or a clear reason why not. */
public sealed interface ParseResult {

  /** The line made an event. */
  record Parsed(Event event) implements ParseResult {}

  /** The line is not in the parser's format; {@code reason} says what was wrong. */
  record Rejected(String reason, long lineNumber) implements ParseResult {}
}
