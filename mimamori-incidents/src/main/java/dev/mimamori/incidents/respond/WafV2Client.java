package dev.mimamori.incidents.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The two AWS WAFv2 calls mimamori makes, spoken directly: JSON 1.1 ({@code X-Amz-Target:
 * AWSWAF_20190729.Operation}) over java.net.http, signed with the AWS SDK's SigV4 signer.
 */
final class WafV2Client {
  static final String TARGET_PREFIX = "AWSWAF_20190729.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final Set<String> TEMPORARY_ERRORS =
      Set.of(
          "WAFInternalErrorException",
          "WAFUnavailableEntityException",
          "WAFOptimisticLockException",
          "ThrottlingException",
          "ServiceUnavailableException",
          "RequestTimeout",
          "RequestTimeoutException");

  /** An error answer from WAF: its type ({@code WAFOptimisticLockException}) and message. */
  static final class WafError extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;
    final int status;

    WafError(String type, int status, String message) {
      super(type + " (HTTP " + status + "): " + message);
      this.type = type;
      this.status = status;
    }

    boolean temporary() {
      return status >= 500 || status == 429 || TEMPORARY_ERRORS.contains(type);
    }
  }

  private final URI endpoint;
  private final String region;
  private final Supplier<AwsCredentialsIdentity> credentials;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  WafV2Client(URI endpoint, String region, Supplier<AwsCredentialsIdentity> credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  /** Calls one operation; a 200 answer's JSON, else {@link WafError}. */
  JsonNode call(String operation, ObjectNode body) throws WafError, IOException {
    byte[] payload = JSON.writeValueAsBytes(body);
    URI uri = endpoint.resolve("/");
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .uri(uri)
            .method(SdkHttpMethod.POST)
            .putHeader("Content-Type", CONTENT_TYPE)
            .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
            .build();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.get())
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "wafv2")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        for (String v : h.getValue()) {
          b.header(h.getKey(), v);
        }
      }
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling AWS WAF " + operation, e);
    }
    JsonNode json;
    try {
      json = resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    if (resp.statusCode() != 200) {
      String type =
          resp.headers()
              .firstValue("x-amzn-ErrorType")
              .orElse(json.path("__type").asText("HTTP" + resp.statusCode()));
      type = type.substring(type.indexOf('#') + 1);
      if (type.indexOf(':') > 0) {
        type = type.substring(0, type.indexOf(':'));
      }
      String message = json.path("message").asText(json.path("Message").asText(""));
      throw new WafError(type, resp.statusCode(), Commands.oneLine(message));
    }
    return json;
  }
}
