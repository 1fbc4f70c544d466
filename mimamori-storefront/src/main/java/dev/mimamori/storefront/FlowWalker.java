package dev.mimamori.storefront;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.NotFoundException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Does the steps of a {@link Flow} in a browser, as a customer would. */
final class FlowWalker {
  private static final Duration MAX_WAIT = Duration.ofSeconds(15);

  private final ChromeDriver driver;
  private final URI start;

  FlowWalker(ChromeDriver driver, URI start) {
    this.driver = driver;
    this.start = start;
  }

  /** Does step {@code n} (1-based); {@code label} names it in messages. */
  void run(Flow.Step step, int n, String label) {
    try {
      if (step instanceof Flow.Open o) {
        open(o.url());
      } else if (step instanceof Flow.Click c) {
        visible(c.selector()).click();
      } else if (step instanceof Flow.Type t) {
        WebElement e = visible(t.selector());
        e.clear();
        e.sendKeys(t.text());
      } else if (step instanceof Flow.Select s) {
        new Select(visible(s.selector())).selectByValue(s.value());
      } else if (step instanceof Flow.WaitFor w) {
        visible(w.selector());
      } else if (step instanceof Flow.Pause p) {
        Thread.sleep(p.millis());
      }
    } catch (TimeoutException e) {
      // A click that starts a page which never finishes is inventoried as far as it got.
      if (!(step instanceof Flow.Click)) {
        throw new FlowFailed("flow step " + n + " (" + label + "): timed out", e);
      }
    } catch (WebDriverException | IllegalArgumentException e) {
      throw new FlowFailed("flow step " + n + " (" + label + "): " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowFailed("flow step " + n + ": interrupted", e);
    }
  }

  private void open(String url) {
    URI target = start.resolve(url);
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("only http(s) URLs can be opened");
    }
    driver.get(target.toString());
  }

  private WebElement visible(String selector) {
    Duration wait = driver.manage().timeouts().getPageLoadTimeout();
    if (wait.compareTo(MAX_WAIT) > 0) {
      wait = MAX_WAIT;
    }
    try {
      return new WebDriverWait(driver, wait)
          .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(selector)));
    } catch (TimeoutException e) {
      throw new NotFoundException(
          "no visible element matches within " + wait.toSeconds() + " s", e);
    }
  }

  /**
   * Why a step failed, in words of our own: Selenium's messages repeat the selector or URL, which
   * may hold a variable's value.
   */
  private static String reason(Exception e) {
    if (e instanceof NotFoundException && e.getCause() instanceof TimeoutException) {
      return firstLine(e.getMessage()); // ours: "no visible element matches within N s"
    }
    if (e instanceof org.openqa.selenium.InvalidSelectorException) {
      return "not a valid CSS selector";
    }
    if (e instanceof org.openqa.selenium.NoSuchElementException) {
      return "no such element or option";
    }
    if (e instanceof org.openqa.selenium.ElementNotInteractableException) {
      return "the element cannot be used (hidden or disabled)";
    }
    if (e instanceof IllegalArgumentException) {
      return firstLine(e.getMessage()); // ours: the scheme check
    }
    if (e instanceof org.openqa.selenium.support.ui.UnexpectedTagNameException) {
      return "select needs a select element";
    }
    return "the browser refused it (" + e.getClass().getSimpleName() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "failed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
