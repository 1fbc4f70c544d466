package dev.mimamori.sensors.source;

import dev.mimamori.sensors.parse.LogParser;
import org.jspecify.annotations.Nullable;

/**
 * Joins the lines of one multi-line record (a PHP stack trace under its error, a slow-query-log
 * entry, a PostgreSQL statement continued on tab-led lines) into one {@link RawLine} before it is
 * parsed, as its parser's {@link LogParser#continues} says. A record is held until the line after
 * it arrives, or until {@link #flush()}: the end of a file read once, or a followed file that has
 * not grown for a while. Records are bounded in lines and characters; past the bound a new record
 * starts, so a flood of continuation lines costs bounded memory. Used by one reading thread.
 */
public final class RecordJoiner implements LineSink {
  /** Lines of one record at most; a longer stack trace is cut into several events. */
  public static final int MAX_LINES = 500;

  /** Characters of one record at most. */
  public static final int MAX_CHARS = 256 * 1024;

  private final LogParser parser;
  private final LineSink out;
  private @Nullable RawLine first;
  private @Nullable RawLine last;
  private @Nullable StringBuilder text;
  private int lines;
  private boolean truncated;

  public RecordJoiner(LogParser parser, LineSink out) {
    this.parser = parser;
    this.out = out;
  }

  @Override
  public void accept(RawLine line) throws InterruptedException {
    RawLine head = first;
    if (head != null
        && lines < MAX_LINES
        && length() + 1 + line.text().length() <= MAX_CHARS
        && parser.continues(head.text(), lines, line.text())) {
      if (text == null) {
        text = new StringBuilder(head.text());
      }
      text.append('\n').append(line.text());
      lines++;
      last = line;
      truncated |= line.truncated();
      return;
    }
    flush();
    first = line;
    last = line;
    lines = 1;
    truncated = line.truncated();
  }

  private int length() {
    RawLine head = first;
    return text != null ? text.length() : head == null ? 0 : head.text().length();
  }

  /** Whether a record is held, waiting for the line that ends it. */
  public boolean pending() {
    return first != null;
  }

  /** Passes on the record held, if any: its end has come (end of file, no growth for a while). */
  public void flush() throws InterruptedException {
    RawLine head = first;
    RawLine tail = last;
    if (head == null || tail == null) {
      return;
    }
    RawLine record =
        lines == 1
            ? head
            : new RawLine(
                head.path(),
                head.offset(),
                tail.nextOffset(),
                head.lineNumber(),
                String.valueOf(text),
                truncated,
                lines);
    first = null;
    last = null;
    text = null;
    lines = 0;
    out.accept(record);
  }
}
