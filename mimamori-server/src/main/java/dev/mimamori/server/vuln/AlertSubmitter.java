package dev.mimamori.server.vuln;

import dev.mimamori.model.Alert;

/** Where a new finding's alert goes: the pipeline, like a file change's. */
@FunctionalInterface
public interface AlertSubmitter {
  AlertSubmitter NONE = a -> false;

  boolean submit(Alert alert) throws InterruptedException;
}
