package dev.mimamori.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/** Versions, paths and limits of the agent protocol. */
public final class Protocol {
  private Protocol() {}

  /** The protocol version this build speaks. */
  public static final int VERSION = 1;

  /** The lowest protocol version the server still takes. */
  public static final int MIN_VERSION = 1;

  public static final String PREFIX = "/agent/v1";
  public static final String CA = PREFIX + "/ca";
  public static final String ENROLL = PREFIX + "/enroll";
  public static final String BATCHES = PREFIX + "/batches";
  public static final String HEARTBEAT = PREFIX + "/heartbeat";
  public static final String CONFIG = PREFIX + "/config";
  public static final String COMMANDS = PREFIX + "/commands";

  /** Where an agent posts the result of command {@code id}. */
  public static String commandResult(String id) {
    return COMMANDS + "/" + id + "/result";
  }

  /** The header an agent names its protocol version in. */
  public static final String VERSION_HEADER = "X-Mimamori-Agent-Protocol";

  /** Records in one batch, at most. */
  public static final int MAX_BATCH_RECORDS = 5_000;

  /** Bytes of one batch body, at most. */
  public static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

  /** Bytes of one record's text, at most (a longer line is cut and flagged, as on the server). */
  public static final int MAX_TEXT_BYTES = 64 * 1024;

  /** The JSON mapping both sides use: snake_case names, unknown fields ignored (newer peers). */
  public static ObjectMapper json() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
