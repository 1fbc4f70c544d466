package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mimamori.model.Observable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a loopback HTTP server playing the WAFv2 endpoint: it keeps one IP set, answers GetIPSet
 * and UpdateIPSet in the documented JSON 1.1 shapes (lock tokens included) and records each
 * request.
 */
class AwsWafIpSetActionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SET_ID = "a1b2c3d4-5678-90ab-cdef-0123456789ab";

  record Call(String target, Map<String, List<String>> headers, JsonNode body) {}

  HttpServer server;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> addresses = new ArrayList<>(List.of("192.0.2.44/32"));
  String version = "IPV4";
  final AtomicInteger token = new AtomicInteger(1);
  final AtomicInteger lockFailures = new AtomicInteger();
  ResponseAction action;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    action =
        ResponseActions.find("aws-waf-ipset")
            .orElseThrow()
            .create(
                new AwsWafIpSetAction.Config(
                    "ap-northeast-1",
                    "REGIONAL",
                    "mimamori-blocklist",
                    SET_ID,
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    "AKIDEXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    calls.add(new Call(target, Map.copyOf(ex.getRequestHeaders()), body));
    ObjectNode out = JSON.createObjectNode();
    int status = 200;
    if (!body.path("Id").asText().equals(SET_ID)) {
      status = 400;
      out.put("__type", "com.amazonaws.wafv2#WAFNonexistentItemException");
      out.put(
          "Message", "AWS WAF couldn't perform the operation because your resource doesn't exist.");
    } else if ("AWSWAF_20190729.GetIPSet".equals(target)) {
      ObjectNode set = out.putObject("IPSet");
      set.put("Name", "mimamori-blocklist");
      set.put("Id", SET_ID);
      set.put(
          "ARN",
          "arn:aws:wafv2:ap-northeast-1:123456789012:regional/ipset/mimamori-blocklist/" + SET_ID);
      set.put("Description", "blocked by mimamori");
      set.put("IPAddressVersion", version);
      ArrayNode a = set.putArray("Addresses");
      addresses.forEach(a::add);
      out.put("LockToken", "token-" + token.get());
    } else if ("AWSWAF_20190729.UpdateIPSet".equals(target)) {
      if (lockFailures.get() > 0) {
        lockFailures.decrementAndGet();
        token.incrementAndGet(); // someone else changed it
      }
      if (!body.path("LockToken").asText().equals("token-" + token.get())) {
        status = 400;
        out.put("__type", "com.amazonaws.wafv2#WAFOptimisticLockException");
        out.put(
            "Message", "AWS WAF couldn't save your changes because someone changed the resource.");
      } else {
        addresses.clear();
        body.path("Addresses").forEach(n -> addresses.add(n.asText()));
        out.put("NextLockToken", "token-" + token.incrementAndGet());
      }
    } else {
      status = 400;
      out.put("__type", "UnknownOperationException");
    }
    byte[] b = JSON.writeValueAsBytes(out);
    ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  static ActionRequest ip(String v) {
    return new ActionRequest("shop", "inc-8", Observable.ip(v));
  }

  @Test
  void readsTheSetThenWritesItBackWithTheAddressAndTheLockToken() throws Exception {
    ActionResult r = action.execute(ip("203.0.113.5"));

    assertThat(r.changed()).isTrue();
    assertThat(calls)
        .extracting(Call::target)
        .containsExactly("AWSWAF_20190729.GetIPSet", "AWSWAF_20190729.UpdateIPSet");
    assertThat(calls.get(0).body().toString())
        .isEqualTo(
            "{\"Name\":\"mimamori-blocklist\",\"Scope\":\"REGIONAL\",\"Id\":\"" + SET_ID + "\"}");
    JsonNode update = calls.get(1).body();
    assertThat(update.path("Name").asText()).isEqualTo("mimamori-blocklist");
    assertThat(update.path("Scope").asText()).isEqualTo("REGIONAL");
    assertThat(update.path("Id").asText()).isEqualTo(SET_ID);
    assertThat(update.path("Description").asText()).isEqualTo("blocked by mimamori");
    assertThat(update.path("LockToken").asText()).isEqualTo("token-1");
    assertThat(update.path("Addresses").toString())
        .isEqualTo("[\"192.0.2.44/32\",\"203.0.113.5/32\"]");
    assertThat(addresses).containsExactly("192.0.2.44/32", "203.0.113.5/32");
  }

  @Test
  void signsEachRequestWithSigV4() throws Exception {
    action.execute(ip("203.0.113.5"));

    for (Call c : calls) {
      String auth = header(c, "Authorization");
      assertThat(auth)
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
          .contains("/ap-northeast-1/wafv2/aws4_request")
          .contains("SignedHeaders=")
          .contains("x-amz-target")
          .containsPattern("Signature=[0-9a-f]{64}");
      assertThat(header(c, "X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
      assertThat(header(c, "Content-Type")).isEqualTo("application/x-amz-json-1.1");
    }
  }

  @Test
  void triesOnceMoreWhenSomeoneElseChangedTheSet() throws Exception {
    lockFailures.set(1);

    ActionResult r = action.execute(ip("203.0.113.5"));

    assertThat(r.changed()).isTrue();
    assertThat(calls)
        .extracting(Call::target)
        .containsExactly(
            "AWSWAF_20190729.GetIPSet",
            "AWSWAF_20190729.UpdateIPSet",
            "AWSWAF_20190729.GetIPSet",
            "AWSWAF_20190729.UpdateIPSet");
    assertThat(addresses).contains("203.0.113.5/32");
  }

  @Test
  void givesUpAsTemporaryWhenTheSetKeepsChanging() {
    lockFailures.set(5);

    assertThatThrownBy(() -> action.execute(ip("203.0.113.5")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.temporary()).isTrue();
              assertThat(e.getMessage()).contains("WAFOptimisticLockException");
            });
  }

  @Test
  void undoRemovesTheAddress() throws Exception {
    action.execute(ip("203.0.113.5"));

    assertThat(action.undo(ip("203.0.113.5")).changed()).isTrue();

    assertThat(addresses).containsExactly("192.0.2.44/32");
  }

  @Test
  void anAddressAlreadyThereIsNotWrittenAgain() throws Exception {
    ActionResult r = action.execute(ip("192.0.2.44"));

    assertThat(r.changed()).isFalse();
    assertThat(calls).extracting(Call::target).containsExactly("AWSWAF_20190729.GetIPSet");
  }

  @Test
  void aDryRunOnlyReads() throws Exception {
    ActionResult r = action.execute(ip("203.0.113.5").asDryRun());

    assertThat(r.summary())
        .isEqualTo("dry run: would add 203.0.113.5/32 to AWS WAF IP set mimamori-blocklist");
    assertThat(calls).extracting(Call::target).containsExactly("AWSWAF_20190729.GetIPSet");
  }

  @Test
  void ipv6GoesInAsA128AndOnlyIntoAnIpv6Set() throws Exception {
    assertThatThrownBy(() -> action.execute(ip("2001:db8::1")))
        .hasMessageContaining("IPV6")
        .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isFalse());

    version = "IPV6";
    addresses.clear();
    action.execute(ip("2001:db8::1"));

    assertThat(addresses).containsExactly("2001:db8:0:0:0:0:0:1/128");
  }

  @Test
  void aMissingSetIsAPermanentError() {
    ResponseAction wrong =
        new AwsWafIpSetAction(
            new AwsWafIpSetAction.Config(
                "ap-northeast-1",
                "REGIONAL",
                "other",
                "00000000-0000-0000-0000-000000000000",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "AKIDEXAMPLE",
                "secret"));

    assertThatThrownBy(() -> wrong.execute(ip("203.0.113.5")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.temporary()).isFalse();
              assertThat(e.getMessage()).contains("WAFNonexistentItemException");
            });
  }

  @Test
  void keepsTheSecretOutOfItsConfigsText() {
    assertThat(
            new AwsWafIpSetAction.Config(
                    "ap-northeast-1", "REGIONAL", "n", "abc", null, "AKID", "very-secret")
                .toString())
        .doesNotContain("very-secret");
  }

  private static String header(Call c, String name) {
    for (Map.Entry<String, List<String>> h : c.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue().get(0);
      }
    }
    return "";
  }
}
