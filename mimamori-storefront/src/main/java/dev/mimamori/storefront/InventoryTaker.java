package dev.mimamori.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.storefront.PageInventory.Csp;
import dev.mimamori.storefront.PageInventory.Field;
import dev.mimamori.storefront.PageInventory.Form;
import dev.mimamori.storefront.PageInventory.Request;
import dev.mimamori.storefront.PageInventory.Script;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

/**
 * Loads a page in {@link Chromium}, lists what it holds and does, then types test card data and a
 * password into its sensitive fields and records what it sends afterwards.
 */
public final class InventoryTaker {
  /** What is typed into sensitive fields; the card number is the well-known Visa test number. */
  public record TestData(String cardNumber, String expiry, String cvv, String password) {
    public static final TestData DEFAULT =
        new TestData("4111111111111111", "12/34", "737", "Mimamori-Test-Pw-7");

    String valueFor(FieldKind kind) {
      return switch (kind) {
        case CARD_NUMBER -> cardNumber;
        case EXPIRY -> expiry;
        case CVV -> cvv;
        case PASSWORD -> password;
        case LOGIN, OTHER -> "";
      };
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page's scripts, frames, forms and CSP meta elements, as JSON. */
  /** Most scripts, frames, forms or fields read from one page; a giant DOM is cut here. */
  static final int DOM_LIMIT = 500;

  /** The page's scripts, frames, forms and CSP meta elements, as JSON, each list capped. */
  private static final String DOM =
      """
      (() => {
        const L = %d, truncated = [];
        const cap = (name, list) => {
          const a = Array.from(list);
          if (a.length > L) { truncated.push(name); }
          return a.slice(0, L);
        };
        return JSON.stringify({
          scripts: cap('scripts', document.scripts).map((s) => {
            const t = s.src ? '' : s.text;
            if (t.length > 2000000) { truncated.push('script text'); }
            return { src: s.src || '', text: t.slice(0, 2000000) };
          }),
          iframes: cap('iframes', document.querySelectorAll('iframe, frame')).map((f) => f.src || ''),
          forms: cap('forms', document.forms).map((f) => ({
            action: f.action || '',
            method: (f.getAttribute('method') || 'get').toLowerCase(),
            fields: cap('fields', f.querySelectorAll('input, select, textarea')).map((i) => ({
              name: i.name || '', id: i.id || '', type: (i.type || '').toLowerCase(),
              autocomplete: i.getAttribute('autocomplete') || '' })) })),
          cspMeta: cap('csp meta', document.querySelectorAll('meta[http-equiv]'))
            .filter((m) => m.httpEquiv.toLowerCase() === 'content-security-policy')
            .map((m) => m.content),
          truncated: [...new Set(truncated)]
        });
      })()
      """
          .formatted(DOM_LIMIT);

  private final Chromium chromium;
  private final Duration settle;
  private final TestData data;

  /**
   * {@code settle} is how long the page may keep working after it loaded and again after typing.
   */
  public InventoryTaker(Chromium chromium, Duration settle, TestData data) {
    this.chromium = chromium;
    this.settle = settle;
    this.data = data;
  }

  public PageInventory take(String url) {
    return take(url, Flow.NONE);
  }

  /**
   * Opens {@code url}, walks {@code flow} and inventories the page it ends on: what that page
   * loaded from the flow's last navigating step on, then what it sends after test data is typed.
   *
   * @throws FlowFailed when a step cannot be done (its selector finds nothing, say)
   */
  public PageInventory take(String url, Flow flow) {
    ChromeDriver d = chromium.driver();
    int from = flow.lastNavigation();
    if (from < 0) {
      d.manage().logs().get(LogType.PERFORMANCE); // forget earlier pages
    }
    load(() -> d.get(url));
    for (int i = 0; i < flow.steps().size(); i++) {
      if (i == from) {
        d.manage().logs().get(LogType.PERFORMANCE); // the inventory starts here
      }
      new FlowWalker(d, URI.create(url)).run(flow.steps().get(i), i + 1, flow.labels().get(i));
    }
    pause(settle);
    NetworkLog net = new NetworkLog(data);
    net.read(d.manage().logs().get(LogType.PERFORMANCE));
    String finalUrl = d.getCurrentUrl();
    JsonNode dom = json(evaluate(DOM));
    String html = net.mainDocument(finalUrl).map(this::body).orElse("");
    List<Script> scripts = scripts(dom, net, html);
    List<Request> requests = net.requests(data);
    List<String> iframes = strings(dom.path("iframes"));
    List<Form> forms = forms(dom.path("forms"));
    Csp csp = net.csp(finalUrl, strings(dom.path("cspMeta")));

    typeTestData(d);
    pause(settle);
    NetworkLog after = new NetworkLog(data);
    after.read(d.manage().logs().get(LogType.PERFORMANCE));
    return new PageInventory(
        url,
        finalUrl,
        host(finalUrl),
        scripts,
        requests,
        iframes,
        forms,
        csp,
        after.requests(data),
        limits(net, after, dom));
  }

  /** A page that never finishes loading is inventoried as far as it got. */
  private void load(Runnable navigation) {
    try {
      navigation.run();
    } catch (TimeoutException e) {
      evaluate("window.stop(), 'null'");
    }
  }

  private List<Script> scripts(JsonNode dom, NetworkLog net, String html) {
    Map<String, Script> bySrc = new LinkedHashMap<>();
    List<Script> inline = new ArrayList<>();
    for (JsonNode s : dom.path("scripts")) {
      String src = s.path("src").asText();
      if (src.isEmpty()) {
        String text = s.path("text").asText();
        // An inline script the served HTML does not hold was written by another script.
        boolean added = !html.isEmpty() && !html.contains(text.strip());
        inline.add(new Script("", sha256(text), true, "", added, text.length()));
      } else {
        bySrc.put(src, external(src, net));
      }
    }
    // Scripts that loaded and then removed their own element are still in the network log.
    for (NetworkLog.Seen r : net.seen()) {
      if (r.type().equals("Script") && !bySrc.containsKey(r.url())) {
        bySrc.put(r.url(), external(r.url(), net));
      }
    }
    List<Script> out = new ArrayList<>(bySrc.values());
    out.addAll(inline);
    return out;
  }

  private Script external(String src, NetworkLog net) {
    NetworkLog.@Nullable Seen r = net.byUrl(src);
    String text = r == null || r.failed() ? "" : body(r.requestId());
    boolean added = r != null && r.initiator().equals("script");
    return new Script(
        src, text.isEmpty() ? "" : sha256(text), false, host(src), added, text.length());
  }

  /** What was left out because a hostile page made too much of it. */
  private static List<String> limits(NetworkLog net, NetworkLog after, JsonNode dom) {
    List<String> out = new ArrayList<>();
    long dropped = net.dropped() + after.dropped();
    if (dropped > 0) {
      out.add(
          "requests: only the first "
              + NetworkLog.MAX_REQUESTS
              + " of a stretch are kept; "
              + dropped
              + " more were left out");
    }
    dom.path("truncated")
        .forEach(t -> out.add(t.asText() + ": only the first " + DOM_LIMIT + " are kept"));
    return out;
  }

  private List<Form> forms(JsonNode forms) {
    List<Form> out = new ArrayList<>();
    for (JsonNode f : forms) {
      List<Field> fields = new ArrayList<>();
      for (JsonNode i : f.path("fields")) {
        String name = i.path("name").asText();
        String id = i.path("id").asText();
        String type = i.path("type").asText();
        String ac = i.path("autocomplete").asText();
        fields.add(new Field(name, id, type, ac, FieldKind.of(name, id, type, ac)));
      }
      out.add(new Form(f.path("action").asText(), f.path("method").asText(), fields));
    }
    return out;
  }

  /** Types the test data into every visible sensitive input, as a customer would. */
  private void typeTestData(ChromeDriver d) {
    List<WebElement> inputs = d.findElements(By.cssSelector("input, textarea"));
    for (WebElement e : inputs.subList(0, Math.min(inputs.size(), DOM_LIMIT))) {
      try {
        FieldKind kind =
            FieldKind.of(attr(e, "name"), attr(e, "id"), attr(e, "type"), attr(e, "autocomplete"));
        String value = data.valueFor(kind);
        if (!value.isEmpty() && e.isDisplayed() && e.isEnabled()) {
          e.clear();
          // The tab leaves the field, so skimmers that listen for change or blur fire too.
          e.sendKeys(value, Keys.TAB);
        }
      } catch (WebDriverException ex) {
        // A field that went away or cannot take keys is skipped; the others still get data.
      }
    }
  }

  private static String attr(WebElement e, String name) {
    String v = e.getDomAttribute(name);
    return v == null ? "" : v;
  }

  /** The body of a response, as Chromium still holds it; empty when it is gone. */
  private String body(String requestId) {
    try {
      Map<String, Object> r =
          chromium
              .driver()
              .executeCdpCommand("Network.getResponseBody", Map.of("requestId", requestId));
      Object body = r.get("body");
      if (!(body instanceof String s)) {
        return "";
      }
      return Boolean.TRUE.equals(r.get("base64Encoded"))
          ? new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8)
          : s;
    } catch (WebDriverException e) {
      return "";
    }
  }

  private String evaluate(String expression) {
    Map<String, Object> r =
        chromium
            .driver()
            .executeCdpCommand(
                "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) r.get("result");
    Object value = result == null ? null : result.get("value");
    return value instanceof String s ? s : "null";
  }

  static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON from Chromium: " + s, e);
    }
  }
}
