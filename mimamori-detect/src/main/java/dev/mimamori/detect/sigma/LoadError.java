package dev.mimamori.detect.sigma;

import java.util.Objects;

/**
 * A Sigma file that did not load, and why. Nothing of the file is loaded: a rule either loads whole
 * or not at all.
 *
 * @param file the file as given to the loader
 * @param line the 1-based line the problem is on, or 0 when it is about the whole file
 * @param reason what is wrong, in words
 */
public record LoadError(String file, int line, String reason) {
  public LoadError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return file + ":" + line + ": " + reason;
  }
}
