package dev.mimamori.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Observable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The JSON columns: evidence and observables. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS =
      new TypeReference<>() {};

  private Json() {}

  static String observables(Set<Observable> obs) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Observable o : obs) {
      out.add(Map.of("type", o.type().label(), "value", o.value()));
    }
    return write(out);
  }

  static Set<Observable> observables(String json) {
    Set<Observable> out = new TreeSet<>();
    for (Map<String, Object> m : read(json)) {
      out.add(
          new Observable(Observable.Type.parse((String) m.get("type")), (String) m.get("value")));
    }
    return out;
  }

  static String evidence(List<EvidenceRef> refs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EvidenceRef r : refs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("@timestamp", r.timestamp().toString());
      m.put("log.file.path", r.logFilePath());
      m.put("log.offset", r.logOffset());
      m.put("log.line", r.lineNumber());
      m.put("event.original", r.original());
      out.add(m);
    }
    return write(out);
  }

  static List<EvidenceRef> evidence(String json) {
    List<EvidenceRef> out = new ArrayList<>();
    for (Map<String, Object> m : read(json)) {
      out.add(
          new EvidenceRef(
              Instant.parse((String) m.get("@timestamp")),
              (String) m.get("log.file.path"),
              ((Number) m.get("log.offset")).longValue(),
              ((Number) m.get("log.line")).longValue(),
              (String) m.get("event.original")));
    }
    return out;
  }

  private static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Map<String, Object>> read(String json) {
    try {
      return MAPPER.readValue(json, LIST_OF_MAPS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
    }
  }
}
