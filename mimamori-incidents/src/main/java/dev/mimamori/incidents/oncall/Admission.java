package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link FloodGuard} lets through now.
 *
 * @param deliveries messages to send now
 * @param ledger the ledger to keep in place of the old one
 * @param nextRelease when held pages can go out: call {@link FloodGuard#release} then; empty when
 *     nothing is held
 */
public record Admission(
    List<Delivery> deliveries, PageLedger ledger, Optional<Instant> nextRelease) {
  public Admission {
    deliveries = List.copyOf(deliveries);
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(nextRelease, "nextRelease");
  }
}
