package dev.mimamori.cli.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/** Another tool run over the same labelled lines, to be measured the same way as mimamori. */
public interface Peer {
  /** The column title. */
  String name();

  /** Why the tool cannot run here (e.g. "not installed"), or empty when it can. */
  Optional<String> unavailable();

  /**
   * Whether its detection state carries from one line to the next (per-address buckets): then each
   * labelled log runs on its own; a line-by-line tool runs once over all lines.
   */
  boolean stateful();

  /**
   * The indexes of the lines the tool reports, of lines given to it as one log file.
   *
   * @param logType the kind of log in CrowdSec's terms ({@code nginx}, {@code apache2})
   * @param work a private folder for the tool's input and state
   */
  BitSet flagged(List<String> lines, String logType, Path work)
      throws IOException, InterruptedException;
}
