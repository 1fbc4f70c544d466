package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the real routes under /api/v1 are the same set. */
class OpenApiRoutesTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static Set<String> documented() {
    JsonNode doc = TestHttp.json(new TestHttp(rt.port()).get("/api/v1/openapi.json"));
    Set<String> out = new TreeSet<>();
    for (Iterator<String> p = doc.get("paths").fieldNames(); p.hasNext(); ) {
      String path = p.next();
      for (Iterator<String> m = doc.get("paths").get(path).fieldNames(); m.hasNext(); ) {
        String method = m.next();
        if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
          out.add(
              method.toUpperCase(Locale.ROOT)
                  + " /api/v1"
                  + path.replaceAll("\\{[a-z_]+\\}", "{}"));
        }
      }
    }
    return out;
  }

  static Set<String> served() {
    Set<String> out = new TreeSet<>();
    for (String r : rt.routes()) {
      if (r.contains(" /api/v1/") && !r.endsWith("/openapi.json")) {
        out.add(r.replaceAll("\\{[a-z_]+\\}", "{}"));
      }
    }
    return out;
  }

  @Test
  void everyApiRouteIsDocumented() {
    assertThat(documented()).containsAll(served());
  }

  @Test
  void everyDocumentedRouteIsServed() {
    assertThat(served()).containsAll(documented());
  }
}
