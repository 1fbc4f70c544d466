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

  /**
   * Whether this format writes records over several lines: only then does the reader hold a record
   * back to see if the next line continues it.
   */
  default boolean multiline() {
    return false;
  }

  /**
   * Whether {@code line} continues the record that began with {@code first} and holds {@code lines}
   * lines so far (a stack trace under a PHP error, the rest of a slow-log entry, a statement's next
   * line): the reader joins it onto the record, after a line break, and the parser then reads the
   * whole record as one event. Called on the reading thread, for formats that are {@link
   * #multiline()}.
   */
  default boolean continues(String first, int lines, String line) {
    return false;
  }
}
