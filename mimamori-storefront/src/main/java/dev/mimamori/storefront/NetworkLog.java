package dev.mimamori.storefront;

import static dev.mimamori.storefront.InventoryTaker.host;
import static dev.mimamori.storefront.InventoryTaker.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.storefront.InventoryTaker.TestData;
import dev.mimamori.storefront.PageInventory.Csp;
import dev.mimamori.storefront.PageInventory.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.logging.LogEntry;

/** The network events of one stretch of time, from Chrome's performance log. */
final class NetworkLog {
  /** Requests kept from one stretch; a page that opens thousands more cannot fill the heap. */
  static final int MAX_REQUESTS = 5000;

  record Seen(
      String requestId,
      String url,
      String method,
      String type,
      String initiator,
      String initiatorScript,
      String postData,
      String error,
      boolean failed) {}

  private final List<Seen> seen = new ArrayList<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> errors = new LinkedHashMap<>();
  private final Map<String, JsonNode> documents = new LinkedHashMap<>();
  private final Map<String, Seen> pending = new LinkedHashMap<>();
  private long dropped;
  private final TestData data;

  NetworkLog() {
    this(TestData.DEFAULT);
  }

  /** {@code data}: what was typed; a request carrying it is kept even past the cap. */
  NetworkLog(TestData data) {
    this.data = data;
  }

  void read(Iterable<LogEntry> entries) {
    for (LogEntry e : entries) {
      JsonNode m = json(e.getMessage()).path("message");
      JsonNode p = m.path("params");
      switch (m.path("method").asText()) {
        case "Network.requestWillBeSent" -> {
          JsonNode req = p.path("request");
          JsonNode init = p.path("initiator");
          Seen s =
              new Seen(
                  p.path("requestId").asText(),
                  req.path("url").asText(),
                  req.path("method").asText(),
                  p.path("type").asText(),
                  init.path("type").asText(),
                  initiatorScript(init),
                  req.path("postData").asText(""),
                  "",
                  false);
          if (seen.size() >= MAX_REQUESTS && !carries(s.url() + "\n" + s.postData(), data)) {
            // Past the cap only what carries typed data is kept: a flood cannot hide the skimmer.
            dropped++;
            continue;
          }
          pending.put(s.requestId(), s);
          seen.add(s);
        }
        case "Network.responseReceived" -> {
          types.put(p.path("requestId").asText(), p.path("type").asText());
          if (p.path("type").asText().equals("Document")) {
            documents.put(p.path("requestId").asText(), p.path("response"));
          }
        }
        case "Network.loadingFailed" -> errors.put(p.path("requestId").asText(), failure(p));
        default -> {}
      }
    }
    for (int i = 0; i < seen.size(); i++) {
      Seen s = seen.get(i);
      String error = errors.get(s.requestId());
      // A redirect reuses the request id: only its last hop can have failed.
      boolean last = pending.get(s.requestId()) == s;
      String type = s.type().isEmpty() ? types.getOrDefault(s.requestId(), "") : s.type();
      if (error != null && last) {
        seen.set(
            i,
            new Seen(
                s.requestId(),
                s.url(),
                s.method(),
                type,
                s.initiator(),
                s.initiatorScript(),
                s.postData(),
                error,
                true));
      }
    }
  }

  /** Chromium's error text, and why it blocked the request (CSP, mixed content) if it did. */
  private static String failure(JsonNode p) {
    String error = p.path("errorText").asText();
    String blocked = p.path("blockedReason").asText();
    if (blocked.equals("inspector")) {
      // Chromium's name for Network.setBlockedURLs: an address the monitor never lets a page reach.
      blocked = "never reachable from the monitor";
    }
    return blocked.isEmpty() ? error : (error + " (blocked: " + blocked + ")").strip();
  }

  private static String initiatorScript(JsonNode init) {
    if (init.hasNonNull("url")) {
      return init.path("url").asText();
    }
    for (JsonNode stack = init.path("stack");
        !stack.isMissingNode();
        stack = stack.path("parent")) {
      for (JsonNode f : stack.path("callFrames")) {
        if (!f.path("url").asText().isEmpty()) {
          return f.path("url").asText();
        }
      }
    }
    return "";
  }

  long dropped() {
    return dropped;
  }

  List<Seen> seen() {
    return seen;
  }

  @Nullable Seen byUrl(String url) {
    for (Seen s : seen) {
      if (s.url().equals(url)) {
        return s;
      }
    }
    return null;
  }

  Optional<String> mainDocument(String finalUrl) {
    for (Seen s : seen) {
      if (s.type().equals("Document") && s.url().equals(finalUrl)) {
        return Optional.of(s.requestId());
      }
    }
    return documents.keySet().stream().findFirst();
  }

  Csp csp(String finalUrl, List<String> meta) {
    String header = "";
    String reportOnly = "";
    JsonNode doc = mainDocument(finalUrl).map(documents::get).orElse(null);
    if (doc != null) {
      var it = doc.path("headers").fields();
      while (it.hasNext()) {
        var h = it.next();
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (name.equals("content-security-policy")) {
          header = h.getValue().asText();
        } else if (name.equals("content-security-policy-report-only")) {
          reportOnly = h.getValue().asText();
        }
      }
    }
    return new Csp(header, reportOnly, meta);
  }

  List<Request> requests(TestData data) {
    // A redirect loop repeats one id and URL: one entry, holding the last hop's failure.
    Map<String, Seen> once = new LinkedHashMap<>();
    for (Seen s : seen) {
      if (!s.url().startsWith("data:")) {
        once.merge(s.requestId() + " " + s.url(), s, (a, b) -> b.failed() ? b : a);
      }
    }
    List<Request> out = new ArrayList<>();
    for (Seen s : once.values()) {
      out.add(
          new Request(
              s.url(),
              host(s.url()),
              s.method(),
              s.type(),
              s.initiator(),
              s.initiatorScript(),
              s.failed(),
              s.error(),
              carries(s.url() + "\n" + s.postData(), data)));
    }
    return out;
  }

  /** Whether the card number or password is in the text: plain, URL-encoded or in Base64. */
  static boolean carries(String text, TestData data) {
    String decoded;
    try {
      decoded = URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = text;
    }
    String digits = decoded.replaceAll("[\\s-]", "");
    for (String v : List.of(data.cardNumber(), data.password())) {
      String b64 = Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
      if (decoded.contains(v)
          || digits.contains(v)
          || text.contains(b64.replace("=", ""))
          || decoded.contains(b64.replace("=", ""))) {
        return true;
      }
    }
    return false;
  }
}
