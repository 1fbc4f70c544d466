package dev.mimamori.vuln.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicFingerprintTest {
  private static final String PAGE =
      "<html><head>"
          + "<script src=\"/html/template/default/assets/js/vendor/jquery.min.js\"></script>"
          + "<script src='https://cdn.example/npm/bootstrap@4.6.0/dist/js/bootstrap.bundle.min.js'></script>"
          + "<script src=\"https://tracker.example/t.js\"></script>"
          + "</head><body>EC-CUBE</body></html>";

  HttpServer server;
  final List<String> requested = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          requested.add(ex.getRequestURI().getPath());
          String body =
              ex.getRequestURI().getPath().endsWith("jquery.min.js")
                  ? "/*! jQuery v3.4.1 | (c) JS Foundation */\n!function(){}"
                  : PAGE;
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Inventory take() throws Exception {
    URI page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new PublicFingerprint(PublicFingerprint.defaultClient()).take(page);
  }

  @Test
  void scriptsAreNamedByTheirUrlOrTheirHeader() throws Exception {
    assertThat(take().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactly("npm:jquery 3.4.1", "npm:bootstrap 4.6.0");
  }

  @Test
  void onlyTheShopsOwnHostIsFetched() throws Exception {
    take();

    assertThat(requested)
        .containsExactly("/", "/html/template/default/assets/js/vendor/jquery.min.js");
  }

  @Test
  void aUrlThatIsNotHttpIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PublicFingerprint(PublicFingerprint.defaultClient())
                    .take(URI.create("file:///etc/passwd")))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/ajax/libs/jquery/3.6.0/jquery.min.js, jquery 3.6.0",
    "/js/jquery-3.4.1.min.js, jquery 3.4.1",
    "/js/jquery-ui-1.12.1.custom.min.js, jquery-ui 1.12.1",
    "/npm/bootstrap@4.6.0/dist/js/bootstrap.min.js, bootstrap 4.6.0",
    "/js/jquery.min.js, none",
    "/js/myjquery-1.0.0.js, none"
  })
  void librariesNamedByTheirUrl(String path, String expected) {
    assertThat(ScriptHeaders.fromUrl(path).map(l -> l.name() + " " + l.version()).orElse("none"))
        .isEqualTo(expected);
  }
}
