package dev.mimamori.storefront;

import java.util.List;

/**
 * A configured walk through a shop (log in, product, cart, checkout) that brings the browser to the
 * page to inventory. The inventory covers what happens from the last navigating step on, so the
 * requests and scripts it lists are the final page's, not the walk's. Variables are already
 * substituted (they may hold a test account's password: a flow is never printed).
 */
public record Flow(List<Step> steps, List<String> labels) {
  public static final int MAX_STEPS = 40;

  public static final Flow NONE = new Flow(List.of(), List.of());

  /**
   * {@code labels} name each step as the file wrote it, before variables were put in: what messages
   * show, so a password never reaches an error text.
   */
  public Flow {
    steps = List.copyOf(steps);
    labels = List.copyOf(labels);
    if (labels.size() != steps.size()) {
      throw new IllegalArgumentException("a label per step");
    }
  }

  /** Steps labelled by their own description (tests, flows without variables). */
  public Flow(List<Step> steps) {
    this(steps, steps.stream().map(Object::toString).toList());
  }

  /** The longest a flow may take beyond the page loads: its pauses and waits. */
  public java.time.Duration budget() {
    long ms = 0;
    for (Step s : steps) {
      ms += s instanceof Pause p ? p.millis() : 15_000;
    }
    return java.time.Duration.ofMillis(ms);
  }

  /** One thing a customer does. */
  public sealed interface Step {
    /** Whether the step loads another page, so the inventory starts over from it. */
    default boolean navigates() {
      return false;
    }
  }

  /** Goes to a URL, absolute or relative to the start page. */
  public record Open(String url) implements Step {
    @Override
    public boolean navigates() {
      return true;
    }
  }

  /** Clicks the first visible element the CSS selector finds. */
  public record Click(String selector) implements Step {
    @Override
    public boolean navigates() {
      return true;
    }
  }

  /** Types text (after ${var} substitution) into the field the selector finds. */
  public record Type(String selector, String text) implements Step {}

  /** Chooses an option by its value in a select element. */
  public record Select(String selector, String value) implements Step {}

  /** Waits until the selector finds an element, up to the page-load timeout. */
  public record WaitFor(String selector) implements Step {}

  /** Waits a fixed time, for pages that work after an event. */
  public record Pause(long millis) implements Step {}

  /** Index of the step the inventory starts at, or -1 when it covers the start page's load. */
  public int lastNavigation() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).navigates()) {
        return i;
      }
    }
    return -1;
  }
}
