package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.pipeline.PipelineListener;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.source.Globs;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code analyze} and {@code ingest} share: checking the files named, and listening to a
 * read-once pipeline for lines it could not parse and for a source that failed.
 */
final class OneShotRead implements PipelineListener {
  private static final int MAX_REPORTED = 10;

  private final List<String> rejected = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** Every file must be readable, and every pattern must name at least one file. */
  static void checkFiles(List<Path> files) throws IOException {
    for (Path f : files) {
      if (Globs.isPattern(f)) {
        if (Globs.matches(f, false).isEmpty()) {
          throw new FileNotFoundException("no file matches " + f);
        }
        continue;
      }
      if (!Files.isReadable(f) || Files.isDirectory(f)) {
        // The command line is right; the file is not there: a failure, not a usage error.
        throw new FileNotFoundException("cannot read file: " + f);
      }
    }
  }

  @Override
  public synchronized void rejected(SourceSpec s, ParseResult.Rejected r) {
    if (rejected.size() < MAX_REPORTED) {
      rejected.add(s.path() + ":" + r.lineNumber() + ": " + r.reason());
    }
  }

  @Override
  public void sourceFailed(SourceSpec s, Exception error) {
    failure.compareAndSet(null, error);
  }

  /** Rethrows the first source failure, if any. */
  void throwIfFailed() throws Exception {
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** Prints the first lines that were not parsed, made safe for a terminal. */
  synchronized void printRejected(PrintWriter err) {
    for (String r : rejected) {
      err.println("  not parsed: " + Sanitize.oneLine(r));
    }
  }
}
