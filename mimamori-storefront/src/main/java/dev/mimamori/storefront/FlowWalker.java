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

  void run(Flow.Step step, int n) {
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
        throw new FlowFailed("flow step " + n + " (" + describe(step) + "): timed out", e);
      }
    } catch (WebDriverException | IllegalArgumentException e) {
      throw new FlowFailed(
          "flow step " + n + " (" + describe(step) + "): " + firstLine(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowFailed("flow step " + n + ": interrupted", e);
    }
  }

  private void open(String url) {
    URI target = start.resolve(url);
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("only http(s) URLs can be opened: " + url);
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

  private static String describe(Flow.Step step) {
    if (step instanceof Flow.Open o) {
      return "open " + o.url();
    } else if (step instanceof Flow.Click c) {
      return "click " + c.selector();
    } else if (step instanceof Flow.Type t) {
      return "type into " + t.selector(); // the text may be a password: never in a message
    } else if (step instanceof Flow.Select s) {
      return "select in " + s.selector();
    } else if (step instanceof Flow.WaitFor w) {
      return "wait_for " + w.selector();
    }
    return "pause " + ((Flow.Pause) step).millis();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "failed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
