package dev.mimamori.detect;

import dev.mimamori.model.Event;

/**
 * Decides, per firing, whether it becomes an alert: the tenants' tuning (rules switched off,
 * exceptions). Asked before the per-source suppression, so a firing that is dropped here starts no
 * suppression window that would hide the next, wanted alert. Called on the detect worker; an
 * implementation that changes must publish its changes safely (a volatile reference).
 */
@FunctionalInterface
public interface AlertFilter {

  /** What becomes of one firing. */
  enum Verdict {
    /** It alerts. */
    ALERT,
    /** The rule is switched off for the event's tenant. */
    DISABLED,
    /** An exception of the tenant (or of every tenant) covers the event. */
    EXCEPTED
  }

  /** Every firing alerts. */
  AlertFilter NONE = (rule, trigger) -> Verdict.ALERT;

  Verdict verdict(RuleMeta rule, Event trigger);
}
