package dev.mimamori.detect.tuning;

import dev.mimamori.detect.AlertFilter;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;

/**
 * The tuning in force, swapped whole when an operator changes it: the detect worker reads the
 * current {@link Tuning} through a volatile reference on every firing, so a change applies to the
 * next firing without touching the rules. One filter outlives rule reloads.
 */
public final class TuningFilter implements AlertFilter {
  private volatile Tuning tuning;

  public TuningFilter(Tuning initial) {
    this.tuning = initial;
  }

  public TuningFilter() {
    this(Tuning.none());
  }

  public Tuning current() {
    return tuning;
  }

  public void update(Tuning next) {
    this.tuning = next;
  }

  @Override
  public Verdict verdict(RuleMeta rule, Event trigger) {
    return tuning.verdict(rule, trigger);
  }
}
