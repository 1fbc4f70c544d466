package dev.mimamori.sensors.parse;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code --format auto}: tries the registered parsers on each line, the one that read the previous
 * line first, so a source in one format costs one parse per line and a source that mixes formats
 * (or changes format after a reconfiguration) still parses. One instance per source: the sticky
 * choice is that source's. A line no parser reads is rejected with each parser's reason.
 */
public final class AutoParser implements LogParser {
  private final List<LogParser> parsers;
  private volatile int last;

  public AutoParser(List<LogParser> parsers) {
    if (parsers.isEmpty()) {
      throw new IllegalArgumentException("auto-detection needs at least one parser");
    }
    this.parsers = List.copyOf(parsers);
  }

  @Override
  public String format() {
    return "auto";
  }

  /** The format the last parsed line was in. */
  public String detected() {
    return parsers.get(last).format();
  }

  @Override
  public boolean multiline() {
    for (LogParser p : parsers) {
      if (p.multiline()) {
        return true;
      }
    }
    return false;
  }

  /** The record being joined and the format that reads its first line; the reading thread's. */
  private @Nullable String ownedRecord;

  private @Nullable LogParser owner;

  /**
   * A line continues a record when a multi-line format says so and that format reads the record's
   * first line: checked once per record, and only when some format says the line continues.
   */
  @Override
  public boolean continues(String first, int lines, String line) {
    if (first == ownedRecord) {
      return owner != null && owner.continues(first, lines, line);
    }
    for (LogParser p : parsers) {
      if (p.multiline() && p.continues(first, lines, line)) {
        ownedRecord = first;
        owner = readerOf(first);
        return owner != null && owner.continues(first, lines, line);
      }
    }
    return false;
  }

  private @Nullable LogParser readerOf(String first) {
    LineContext probe = new LineContext("-", "-", "-", 0, 1);
    for (LogParser p : parsers) {
      if (p.parse(first, probe) instanceof ParseResult.Parsed) {
        return p;
      }
    }
    return null;
  }

  @Override
  public ParseResult parse(String line, LineContext context) {
    int first = last;
    ParseResult result = parsers.get(first).parse(line, context);
    if (result instanceof ParseResult.Parsed) {
      return result;
    }
    List<String> reasons = new ArrayList<>(parsers.size());
    reasons.add(parsers.get(first).format() + ": " + ((ParseResult.Rejected) result).reason());
    for (int i = 0; i < parsers.size(); i++) {
      if (i == first) {
        continue;
      }
      ParseResult r = parsers.get(i).parse(line, context);
      if (r instanceof ParseResult.Parsed) {
        last = i;
        return r;
      }
      reasons.add(parsers.get(i).format() + ": " + ((ParseResult.Rejected) r).reason());
    }
    return new ParseResult.Rejected(
        "no known format reads this line (" + String.join("; ", reasons) + ")",
        context.lineNumber());
  }
}
