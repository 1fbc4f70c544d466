package dev.mimamori.storefront;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.WebDriverException;

/**
 * One inventory in a browser of its own: a fresh Chromium (fresh profile, blocked metadata
 * addresses) that lives for this page only and is killed when the whole visit outlasts its
 * deadline, so a hostile page can hang neither the caller nor the next check.
 */
public final class PageVisit {
  /** How a visit is bounded. */
  public record Limits(
      Duration pageLoad, Duration settle, Duration deadline, List<String> blocked) {
    public static Limits of(Duration pageLoad, Duration settle) {
      // Load, two settles, flow steps of up to 15 s each for a few steps, and the browser's start.
      return new Limits(
          pageLoad, settle, pageLoad.plus(settle.multipliedBy(2)).plusSeconds(60), List.of());
    }

    public Limits blocking(List<String> more) {
      return new Limits(pageLoad, settle, deadline, List.copyOf(more));
    }
  }

  /**
   * A visit that gave no inventory; the message says why (deadline, browser failure, flow step).
   */
  public static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Failed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private PageVisit() {}

  public static PageInventory inventory(
      String url, Flow flow, InventoryTaker.TestData data, Limits limits) {
    Chromium c;
    try {
      c = Chromium.start(limits.pageLoad(), limits.blocked());
    } catch (WebDriverException | IllegalStateException e) {
      throw new Failed("Chromium did not start: " + firstLine(e.getMessage()), e);
    }
    // A flow's pauses and waits come on top of the page loads the deadline already allows.
    java.time.Duration deadline = limits.deadline().plus(flow.budget());
    try (c;
        AutoCloseable w = c.watchdog(deadline)) {
      return new InventoryTaker(c, limits.settle(), data).take(url, flow);
    } catch (FlowFailed e) {
      throw new Failed(e.getMessage(), e);
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("Timed out receiving message from renderer")) {
        throw new Failed("the page did not finish: its scripts never yielded to the browser", e);
      }
      if (c.killed()) {
        throw new Failed(
            "the page did not finish within "
                + limits.deadline().toSeconds()
                + " s; browser killed",
            e);
      }
      throw new Failed("browser failed: " + firstLine(e.getMessage()), e);
    } catch (Failed e) {
      throw e;
    } catch (Exception e) {
      throw new Failed("browser failed: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "unknown error";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
