package dev.mimamori.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One normalized observation, named after the Elastic Common Schema. The typed components carry the
 * fields every web-shop source shares; {@link #extra()} carries any other ECS field a parser fills.
 * {@link #field(String)} reads any of them by its ECS name, which is what rules use.
 *
 * @param timestamp {@code @timestamp}, in UTC
 * @param originalOffset {@code event.timezone}: the zone offset the source wrote, e.g. {@code
 *     +09:00}
 * @param tenant the customer the event belongs to
 * @param asset {@code host.name}/{@code service.name}: the shop it was seen on
 * @param dataset {@code event.dataset}, e.g. {@code nginx.access}
 * @param original {@code event.original}: the raw line, card numbers already masked
 * @param sourceIp {@code source.ip}
 * @param method {@code http.request.method}
 * @param urlOriginal {@code url.original}: as sent, not decoded
 * @param urlPath {@code url.path}
 * @param urlQuery {@code url.query}, without the {@code ?}
 * @param statusCode {@code http.response.status_code}
 * @param responseBytes {@code http.response.body.bytes}
 * @param referrer {@code http.request.referrer}
 * @param userAgent {@code user_agent.original}
 * @param userName {@code user.name}
 * @param logFilePath {@code log.file.path}
 * @param logOffset {@code log.offset}: the byte offset of the line in its file
 * @param lineNumber 1-based line number in its file
 * @param extra any further ECS fields, by name
 */
public record Event(
    Instant timestamp,
    @Nullable String originalOffset,
    String tenant,
    String asset,
    String dataset,
    String original,
    @Nullable String sourceIp,
    @Nullable String method,
    @Nullable String urlOriginal,
    @Nullable String urlPath,
    @Nullable String urlQuery,
    @Nullable Integer statusCode,
    @Nullable Long responseBytes,
    @Nullable String referrer,
    @Nullable String userAgent,
    @Nullable String userName,
    String logFilePath,
    long logOffset,
    long lineNumber,
    Map<String, String> extra) {

  private static final Map<String, Function<Event, @Nullable Object>> FIELDS = fieldTable();

  private static final Class<?> MAP_OF_ONE = Map.of("", "").getClass();

  public Event {
    Objects.requireNonNull(timestamp, "@timestamp");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(dataset, "event.dataset");
    Objects.requireNonNull(original, "event.original");
    Objects.requireNonNull(logFilePath, "log.file.path");
    // Most events carry none or one extra field: no map copy for those.
    extra =
        switch (extra.getClass() == MAP_OF_ONE ? -1 : extra.size()) {
          case -1 -> extra; // Map.of(k, v): immutable already
          case 0 -> Map.of();
          case 1 -> {
            Map.Entry<String, String> only = extra.entrySet().iterator().next();
            yield only.getKey() != null && only.getValue() != null
                ? Map.of(only.getKey(), only.getValue())
                : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
          }
          default -> Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        };
  }

  /** An event and its {@link #asEvidence()} copy. */
  private record EvidenceCopy(Event original, Event copy) {}

  /**
   * The copies made lately, by line number (the last 2,048 lines of a file have a slot each):
   * several behaviour rules (a flood per address, a surge per shop) hold the same request in their
   * windows, and share one copy of it. Rules go through a batch of up to 512 events rule by rule
   * (IndexedRuleSet), so a slot must outlive a batch: with 256 the second rule found the first's
   * copies overwritten. At most 2,048 pairs (an event and its copy) are held here; files and
   * threads share the slots. Without locks: a slot holds an immutable pair or nothing, so a race
   * costs a second copy at worst.
   */
  private static final @Nullable EvidenceCopy[] COPIES = new EvidenceCopy[2048];

  /**
   * This event with only what an alert's evidence and observables read: time, tenant, shop,
   * dataset, the line, where it was read, and the source address. Behaviour rules hold hundreds of
   * events per source in their windows; the parsed fields they no longer need are left to the
   * collector instead of being copied from one young generation to the next. The same copy for the
   * same event when it was asked for lately; the event itself when it is such a copy already.
   */
  public Event asEvidence() {
    if (method == null
        && urlOriginal == null
        && statusCode == null
        && userAgent == null
        && referrer == null
        && extra.isEmpty()
        && urlPath == null
        && urlQuery == null
        && responseBytes == null
        && userName == null) {
      return this;
    }
    int slot = (int) lineNumber & (COPIES.length - 1);
    EvidenceCopy kept = COPIES[slot];
    if (kept != null && kept.original == this) {
      return kept.copy;
    }
    Event copy = evidenceCopy();
    COPIES[slot] = new EvidenceCopy(this, copy);
    return copy;
  }

  private Event evidenceCopy() {
    return new Event(
        timestamp,
        originalOffset,
        tenant,
        asset,
        dataset,
        original,
        sourceIp,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        logFilePath,
        logOffset,
        lineNumber,
        Map.of());
  }

  private static Map<String, Function<Event, @Nullable Object>> fieldTable() {
    Map<String, Function<Event, @Nullable Object>> m = new LinkedHashMap<>();
    m.put("@timestamp", Event::timestamp);
    m.put("event.timezone", Event::originalOffset);
    m.put("organization.id", Event::tenant);
    m.put("host.name", Event::asset);
    m.put("event.dataset", Event::dataset);
    m.put("event.original", Event::original);
    m.put("source.ip", Event::sourceIp);
    m.put("http.request.method", Event::method);
    m.put("url.original", Event::urlOriginal);
    m.put("url.path", Event::urlPath);
    m.put("url.query", Event::urlQuery);
    m.put("http.response.status_code", Event::statusCode);
    m.put("http.response.body.bytes", Event::responseBytes);
    m.put("http.request.referrer", Event::referrer);
    m.put("user_agent.original", Event::userAgent);
    m.put("user.name", Event::userName);
    m.put("log.file.path", Event::logFilePath);
    m.put("log.offset", Event::logOffset);
    return Collections.unmodifiableMap(m);
  }

  /** The ECS names of the typed components. */
  public static Set<String> typedFieldNames() {
    return FIELDS.keySet();
  }

  /**
   * A field the event holds as a number (status, response size, offset), by its ECS name; {@code
   * null} when the field is not one of those or the event does not have it. Rules comparing numbers
   * read it instead of the field's text parsed again.
   */
  public @Nullable Long number(String ecsName) {
    return switch (ecsName) {
      case "http.response.status_code" -> statusCode == null ? null : (long) statusCode;
      case "http.response.body.bytes" -> responseBytes;
      case "log.offset" -> logOffset;
      default -> null;
    };
  }

  /** Any field by its ECS name, as text; {@code null} when the event does not have it. */
  public @Nullable String field(String ecsName) {
    // A switch, not the table: rules ask for fields several times per event, and a call through
    // eighteen getter lambdas cannot be inlined, and status codes were turned to text each time.
    return switch (ecsName) {
      case "source.ip" -> sourceIp;
      case "url.original" -> urlOriginal;
      case "url.path" -> urlPath;
      case "url.query" -> urlQuery;
      case "http.request.method" -> method;
      case "user_agent.original" -> userAgent;
      case "http.request.referrer" -> referrer;
      case "http.response.status_code" -> statusText(statusCode);
      case "user.name" -> userName;
      case "event.dataset" -> dataset;
      case "event.original" -> original;
      case "host.name" -> asset;
      case "organization.id" -> tenant;
      case "log.file.path" -> logFilePath;
      case "event.timezone" -> originalOffset;
      case "http.response.body.bytes" -> responseBytes == null ? null : responseBytes.toString();
      case "log.offset" -> Long.toString(logOffset);
      case "@timestamp" -> timestamp.toString();
      default -> extra.get(ecsName);
    };
  }

  private static final String[] STATUS_TEXT = new String[600];

  static {
    for (int i = 100; i < STATUS_TEXT.length; i++) {
      STATUS_TEXT[i] = Integer.toString(i);
    }
  }

  private static @Nullable String statusText(@Nullable Integer status) {
    if (status == null) {
      return null;
    }
    int s = status;
    return s >= 100 && s < STATUS_TEXT.length ? STATUS_TEXT[s] : Integer.toString(s);
  }

  /** All fields that are set, by ECS name, in a stable order. */
  public Map<String, Object> toEcs() {
    Map<String, Object> out = new LinkedHashMap<>();
    FIELDS.forEach(
        (name, getter) -> {
          Object v = getter.apply(this);
          if (v != null) {
            out.put(name, v instanceof Instant ? v.toString() : v);
          }
        });
    out.put("log.line", lineNumber);
    out.putAll(extra);
    return out;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an event field by field; parsers use it. */
  public static final class Builder {
    private @Nullable Instant timestamp;
    private @Nullable String originalOffset;
    private String tenant = "default";
    private String asset = "unknown";
    private String dataset = "unknown";
    private String original = "";
    private @Nullable String sourceIp;
    private @Nullable String method;
    private @Nullable String urlOriginal;
    private @Nullable String urlPath;
    private @Nullable String urlQuery;
    private @Nullable Integer statusCode;
    private @Nullable Long responseBytes;
    private @Nullable String referrer;
    private @Nullable String userAgent;
    private @Nullable String userName;
    private String logFilePath = "-";
    private long logOffset;
    private long lineNumber;
    // The first extra field apart (most events have one, if any: no map built and copied for it).
    private @Nullable String firstKey;
    private @Nullable String firstValue;
    private @Nullable Map<String, String> extra;

    public Builder timestamp(Instant v) {
      timestamp = v;
      return this;
    }

    public Builder originalOffset(@Nullable String v) {
      originalOffset = v;
      return this;
    }

    public Builder tenant(String v) {
      tenant = v;
      return this;
    }

    public Builder asset(String v) {
      asset = v;
      return this;
    }

    public Builder dataset(String v) {
      dataset = v;
      return this;
    }

    public Builder original(String v) {
      original = v;
      return this;
    }

    public Builder sourceIp(@Nullable String v) {
      sourceIp = v;
      return this;
    }

    public Builder method(@Nullable String v) {
      method = v;
      return this;
    }

    public Builder urlOriginal(@Nullable String v) {
      urlOriginal = v;
      return this;
    }

    public Builder urlPath(@Nullable String v) {
      urlPath = v;
      return this;
    }

    public Builder urlQuery(@Nullable String v) {
      urlQuery = v;
      return this;
    }

    public Builder statusCode(@Nullable Integer v) {
      statusCode = v;
      return this;
    }

    public Builder responseBytes(@Nullable Long v) {
      responseBytes = v;
      return this;
    }

    public Builder referrer(@Nullable String v) {
      referrer = v;
      return this;
    }

    public Builder userAgent(@Nullable String v) {
      userAgent = v;
      return this;
    }

    public Builder userName(@Nullable String v) {
      userName = v;
      return this;
    }

    public Builder logFilePath(String v) {
      logFilePath = v;
      return this;
    }

    public Builder logOffset(long v) {
      logOffset = v;
      return this;
    }

    public Builder lineNumber(long v) {
      lineNumber = v;
      return this;
    }

    public Builder extra(String ecsName, String value) {
      Map<String, String> m = extra;
      if (m == null
          && ecsName != null
          && value != null
          && (firstKey == null || firstKey.equals(ecsName))) {
        firstKey = ecsName;
        firstValue = value;
        return this;
      }
      if (m == null) {
        m = new LinkedHashMap<>(4);
        if (firstKey != null) {
          m.put(firstKey, firstValue);
        }
        firstKey = null;
        firstValue = null;
        extra = m;
      }
      m.put(ecsName, value);
      return this;
    }

    public Event build() {
      if (timestamp == null) {
        throw new IllegalStateException("an event needs @timestamp");
      }
      // A request's address, path, referrer and user agent as one instance per value seen lately
      // (RecentTexts): the detection caches then compare them by identity.
      if (sourceIp != null || urlPath != null || referrer != null || userAgent != null) {
        RecentTexts.OnThread recent = RecentTexts.onThisThread();
        sourceIp =
            sourceIp == null ? null : recent.canonical(RecentTexts.OnThread.ADDRESS, sourceIp);
        if (urlPath != null) {
          String path = recent.canonical(RecentTexts.OnThread.PATH, urlPath);
          if (urlQuery == null && urlPath.equals(urlOriginal)) {
            urlOriginal = path;
          }
          urlPath = path;
        }
        referrer =
            referrer == null ? null : recent.canonical(RecentTexts.OnThread.REFERRER, referrer);
        userAgent =
            userAgent == null ? null : recent.canonical(RecentTexts.OnThread.USER_AGENT, userAgent);
      }
      return new Event(
          timestamp,
          originalOffset,
          tenant,
          asset,
          dataset,
          original,
          sourceIp,
          method,
          urlOriginal,
          urlPath,
          urlQuery,
          statusCode,
          responseBytes,
          referrer,
          userAgent,
          userName,
          logFilePath,
          logOffset,
          lineNumber,
          extra != null
              ? extra
              : firstKey != null && firstValue != null ? Map.of(firstKey, firstValue) : Map.of());
    }
  }
}
