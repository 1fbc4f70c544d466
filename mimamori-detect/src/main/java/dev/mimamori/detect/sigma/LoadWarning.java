package dev.mimamori.detect.sigma;

import java.util.Objects;

/**
 * Something a loaded rule does that mimamori cannot fully honour, e.g. a field no mimamori event
 * has: the rule loads, but may never fire.
 */
public record LoadWarning(String file, int line, String message) {
  public LoadWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
