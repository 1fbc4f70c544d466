package dev.mimamori.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.storefront.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium, driven through its own chromedriver, with a probe in every document
 * that records what attacker script would do: open a dialog, evaluate a string, or break the
 * Content-Security-Policy. Every request the page sends is read from Chrome's performance log.
 * Nothing can leave the machine: every host name but the loopback fails to resolve, and every other
 * connection goes to a proxy on a closed loopback port.
 */
final class ChromiumProbe implements AutoCloseable {

  /**
   * Runs before any script of the page, in every frame: dialogs and string evaluation become
   * recorders, and CSP violations are written down.
   */
  static final String PROBE =
      """
      (() => {
        if (window.__mmProbe) return;
        const rec = { dialogs: [], evals: [], violations: [] };
        Object.defineProperty(window, '__mmProbe', { value: rec });
        const text = (args) => Array.from(args, (a) => String(a).slice(0, 200)).join(', ');
        for (const name of ['alert', 'confirm', 'prompt', 'print']) {
          window[name] = function () { rec.dialogs.push(name + '(' + text(arguments) + ')'); return null; };
        }
        const realEval = window.eval;
        window.eval = function (s) { rec.evals.push('eval(' + text(arguments) + ')'); return realEval(s); };
        const RealFunction = window.Function;
        window.Function = function () { rec.evals.push('Function(' + text(arguments) + ')'); return RealFunction.apply(this, arguments); };
        for (const name of ['setTimeout', 'setInterval']) {
          const real = window[name];
          window[name] = function (f) {
            if (typeof f === 'string') rec.evals.push(name + '(' + text(arguments) + ')');
            return real.apply(this, arguments);
          };
        }
        document.addEventListener('securitypolicyviolation', (e) => {
          rec.violations.push(e.effectiveDirective + ' blocked ' + e.blockedURI + ' ' + (e.sample || ''));
        }, true);
      })();
      """;

  /**
   * Lists what the document holds that could run or lead away: script elements other than the
   * console's own, event-handler attributes, script URLs, links and forms to another origin, and
   * frames, objects, base and refresh elements.
   */
  static final String DOM_CHECK =
      """
      const origin = location.origin;
      const out = [];
      const clip = (el) => el.outerHTML.slice(0, 160);
      const foreign = (u) => { try { const x = new URL(u, location.href); return (x.protocol === 'http:' || x.protocol === 'https:') && x.origin !== origin; } catch (e) { return true; } };
      for (const s of document.querySelectorAll('script')) {
        if (!s.src || foreign(s.src) || !new URL(s.src).pathname.startsWith('/static/')) out.push('script element: ' + clip(s));
      }
      for (const el of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv], applet, portal')) {
        if (!(el.tagName === 'META' && el.httpEquiv.toLowerCase() !== 'refresh')) out.push('element: ' + clip(el));
      }
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const name = a.name.toLowerCase();
          if (name.startsWith('on')) out.push('handler attribute ' + name + ': ' + clip(el));
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'srcset'].includes(name)) {
            if (/^\\s*(javascript|vbscript|data)\\s*:/i.test(a.value) || name === 'srcdoc') out.push('script URL in ' + name + ': ' + clip(el));
          }
        }
      }
      for (const a of document.querySelectorAll('a[href], area[href]')) {
        if (foreign(a.getAttribute('href'))) out.push('link to another host: ' + clip(a));
      }
      for (const f of document.querySelectorAll('form[action]')) {
        if (foreign(f.getAttribute('action'))) out.push('form to another host: ' + clip(f));
      }
      return out;
      """;

  private final ChromeDriver driver;

  private ChromiumProbe(ChromeDriver driver) {
    this.driver = driver;
  }

  static boolean available() {
    return Chromium.available();
  }

  static ChromiumProbe start(Path profile) {
    // The product's recipe, kept from every host but this one, and dialogs left open so the probe
    // sees them.
    ChromeOptions o =
        Chromium.options(
            profile,
            UnexpectedAlertBehaviour.IGNORE,
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
            "--proxy-server=http://127.0.0.1:9");
    ChromeDriverService service = Chromium.driverService();
    ChromeDriver d = new ChromeDriver(service, o);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
    return new ChromiumProbe(d);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** What one page load did. */
  record Visit(
      String url,
      boolean cspEnforced,
      String finalUrl,
      List<String> dialogs,
      List<String> evals,
      List<String> violations,
      List<String> requests,
      List<String> foreignRequests,
      List<String> dom,
      String text) {
    String where() {
      return url + (cspEnforced ? "" : " (CSP bypassed)");
    }
  }

  /**
   * Loads {@code url} and reports what it did. {@code origin} is the only origin the page may
   * reach; with {@code enforceCsp} false, Chromium ignores the page's CSP, so only the escaping of
   * the page stands between a payload and its execution.
   */
  Visit visit(String url, String origin, boolean enforceCsp) {
    prepare(enforceCsp);
    driver.get(url);
    return inspect(url, origin, enforceCsp);
  }

  /** Sets the CSP mode and forgets earlier requests: call before a page is loaded. */
  void prepare(boolean enforceCsp) {
    driver.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", !enforceCsp));
    driver.manage().logs().get(LogType.PERFORMANCE); // drop what came before
  }

  /** Reports what the page now shown did since {@link #prepare}. */
  Visit inspect(String url, String origin, boolean enforceCsp) {
    List<String> dialogs = new ArrayList<>();
    nativeDialog().ifPresent(dialogs::add);
    // Read through CDP, not executeScript: chromedriver wraps a script in Function(), which the
    // probe would count.
    JsonNode probe = evaluate("JSON.stringify(window.__mmProbe || null)");
    if (probe.isNull()) {
      throw new AssertionError("the probe is missing on " + url + ": it did not run");
    }
    probe.path("dialogs").forEach(n -> dialogs.add(n.asText()));
    List<String> evals = strings(probe.path("evals"));
    List<String> violations = strings(probe.path("violations"));
    List<String> dom = strings(evaluate("JSON.stringify((() => {" + DOM_CHECK + "})())"));
    String text = evaluate("JSON.stringify(document.documentElement.innerText)").asText();
    List<String> requests = requests();
    List<String> foreign = new ArrayList<>();
    for (String r : requests) {
      if (!r.startsWith(origin + "/") && !r.startsWith("data:") && !r.startsWith("about:")) {
        foreign.add(r);
      }
    }
    String finalUrl = driver.getCurrentUrl();
    if (!finalUrl.startsWith(origin + "/")) {
      foreign.add("navigated away to " + finalUrl);
    }
    return new Visit(
        url, enforceCsp, finalUrl, dialogs, evals, violations, requests, foreign, dom, text);
  }

  private java.util.Optional<String> nativeDialog() {
    try {
      var a = driver.switchTo().alert();
      String t = a.getText();
      a.dismiss();
      return java.util.Optional.of("native dialog: " + t);
    } catch (NoAlertPresentException e) {
      return java.util.Optional.empty();
    }
  }

  /** The value of a JavaScript expression that yields JSON, evaluated in the page. */
  private JsonNode evaluate(String expression) {
    Map<String, Object> r =
        driver.executeCdpCommand(
            "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) r.get("result");
    Object value = result == null ? null : result.get("value");
    if (!(value instanceof String s)) {
      throw new AssertionError("could not read the page: " + r);
    }
    return json(s);
  }

  /** The URL of every request and web socket the page opened since the last call. */
  private List<String> requests() {
    List<String> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode m = json(e.getMessage()).path("message");
      String method = m.path("method").asText();
      if (method.equals("Network.requestWillBeSent")) {
        out.add(m.path("params").path("request").path("url").asText());
      } else if (method.equals("Network.webSocketCreated")) {
        out.add(m.path("params").path("url").asText());
      }
    }
    return out;
  }

  /** A PNG of the page from its top, at most {@code maxHeight} CSS pixels, into each directory. */
  void screenshot(String name, int maxHeight, List<Path> dirs) throws IOException {
    var metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    @SuppressWarnings("unchecked")
    Map<String, Object> view = (Map<String, Object>) metrics.get("cssLayoutViewport");
    double width = ((Number) view.get("clientWidth")).doubleValue();
    double height = Math.min(maxHeight, ((Number) size.get("height")).doubleValue());
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
    for (Path dir : dirs) {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), png);
    }
  }

  /** A phone's screen from here on (390 × 844 CSS pixels, touch), until {@link #desktop()}. */
  void phone() {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
  }

  void desktop() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode json(String s) {
    try {
      return TestHttp.JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
