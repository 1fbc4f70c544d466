package dev.mimamori.server.storefront;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.server.account.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * A monitor's flow variables (a test account's login and password), sealed with the server's secret
 * key before they are stored, and opened only by the check that types them.
 */
public final class FlowSecrets {
  static final String PURPOSE = "page-monitor-flow";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private final SecretBox box;

  public FlowSecrets(SecretBox box) {
    this.box = box;
  }

  public String seal(Map<String, String> vars) {
    try {
      return box.seal(PURPOSE, JSON.writeValueAsBytes(vars));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Map<String, String> open(String sealed) {
    try {
      return JSON.readValue(new String(box.open(PURPOSE, sealed), StandardCharsets.UTF_8), MAP);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "the flow's variables cannot be opened (another secret key?); set them again", e);
    }
  }
}
