package dev.mimamori.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver, with a fresh profile that is
 * deleted on close. Network events go to Chrome's performance log, where the inventory reads them.
 */
public final class Chromium implements AutoCloseable {
  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Selenium warns through java.util.logging that it has no CDP classes for this Chromium; the raw
   * commands used here need none, and the warning would clutter the command's output. Held, so the
   * setting is not collected with the logger.
   */
  private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

  /**
   * Addresses a page may never reach from the monitor's host: cloud metadata services (their
   * answers hold credentials) and local files. Matched by Chromium before a request leaves.
   */
  public static final List<String> ALWAYS_BLOCKED =
      List.of(
          "file:*",
          "*://169.254.169.254*",
          "*://[fd00:ec2::254]*",
          "*://metadata.google.internal*",
          "*://metadata.goog*",
          "*://100.100.100.200*");

  private static final ScheduledExecutorService WATCHDOGS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mimamori-chromium-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final AtomicBoolean killed = new AtomicBoolean();

  private Chromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
  }

  public static boolean available() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  /**
   * The launch recipe every browser of mimamori uses: Debian's Chromium headless with a fresh
   * profile, nothing phoned home, performance logging of Network events; {@code extraArguments} add
   * to it (a test's host-resolver rules, say).
   */
  public static ChromeOptions options(
      Path profile, UnexpectedAlertBehaviour prompts, String... extraArguments) {
    // The driver is named, so Selenium Manager never runs (it would look for and fetch one).
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    System.setProperty("SE_AVOID_STATS", "true");
    SELENIUM.setLevel(Level.SEVERE);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BROWSER.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
        "--password-store=basic",
        // Bounded memory per browser: a page's scripts get a 256 MB heap (a hostile page that
        // fills it crashes its own tab, which ends the visit), at most two renderer processes.
        "--js-flags=--max-old-space-size=256",
        "--renderer-process-limit=2",
        "--user-data-dir=" + profile,
        "--window-size=1280,900",
        "--lang=en-US");
    o.addArguments(extraArguments);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    o.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
    o.setUnhandledPromptBehaviour(prompts);
    o.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    return o;
  }

  /** The chromium-driver service, on a free port, quiet. */
  public static ChromeDriverService driverService() {
    return new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withSilent(true)
        .build();
  }

  /** Starts a browser whose page loads give up after {@code pageLoadTimeout}. */
  public static Chromium start(Duration pageLoadTimeout) {
    return start(pageLoadTimeout, List.of());
  }

  /**
   * Starts a browser whose page loads give up after {@code pageLoadTimeout} and that refuses
   * requests to {@link #ALWAYS_BLOCKED} and to {@code alsoBlocked} (Chromium URL patterns with
   * {@code *}, such as mimamori's own address).
   */
  public static Chromium start(Duration pageLoadTimeout, List<String> alsoBlocked) {
    if (!available()) {
      throw new IllegalStateException("needs " + BROWSER + " and " + DRIVER + " (chromium-driver)");
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("mimamori-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions o = options(profile, UnexpectedAlertBehaviour.DISMISS); // alert() loops
    ChromeDriverService service = driverService();
    ChromeDriver d;
    try {
      d = new ChromeDriver(service, o);
    } catch (RuntimeException e) {
      delete(profile);
      throw e;
    }
    d.manage().timeouts().pageLoadTimeout(pageLoadTimeout);
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    Chromium c = new Chromium(d, service, profile);
    try {
      d.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "deny"));
      List<String> blocked = new ArrayList<>(ALWAYS_BLOCKED);
      blocked.addAll(alsoBlocked);
      d.executeCdpCommand("Network.enable", Map.of());
      d.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", blocked));
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  ChromeDriver driver() {
    return driver;
  }

  /**
   * Kills this browser after {@code limit} unless the returned handle is closed first: a page in an
   * endless script loop blocks every DevTools command, so only the processes' end frees the caller.
   */
  public AutoCloseable watchdog(Duration limit) {
    ScheduledFuture<?> f = WATCHDOGS.schedule(this::kill, limit.toMillis(), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  /** Whether the watchdog (or a caller) killed the browser. */
  public boolean killed() {
    return killed.get();
  }

  /** Ends the browser's processes at once; calls blocked on it fail. */
  public void kill() {
    killed.set(true);
    String mark = "--user-data-dir=" + profile;
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(mark)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    service.stop();
  }

  @Override
  public void close() {
    try {
      if (!killed.get()) {
        driver.quit();
      }
    } catch (RuntimeException e) {
      kill(); // a browser that will not quit is ended
    } finally {
      if (killed.get()) {
        service.stop();
      }
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
