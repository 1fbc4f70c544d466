package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.store.User;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus metrics at /metrics, behind a token. */
class MetricsTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;

  /** One sample line: a name, optional labels with escaped values, and an integer. */
  static final Pattern SAMPLE =
      Pattern.compile("[a-z_]+(\\{([a-z_]+=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)+\\})? -?\\d+");

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  HttpResponse<String> metrics(String token) {
    return http.get("/metrics", "Authorization", "Bearer " + token);
  }

  @Test
  void refusesAScrapeWithoutAToken() {
    assertThat(http.get("/metrics").statusCode()).isEqualTo(401);
  }

  @Test
  void refusesAViewersToken() {
    rt.store().users().create("shop-a", "metrics-viewer", "viewer-password-long", User.VIEWER);

    assertThat(metrics(http.token("metrics-viewer", "viewer-password-long")).statusCode())
        .isEqualTo(401);
  }

  @Test
  void countsTheLinesRead() {
    assertThat(metrics(admin).body()).contains("mimamori_lines_read_total 5\n");
  }

  @Test
  void countsOpenIncidentsByTenantAndSeverity() {
    assertThat(metrics(admin).body())
        .containsPattern("mimamori_incidents_open\\{severity=\"critical\",tenant=\"shop-a\"\\} 1");
  }

  @Test
  void showsHowFarBehindEachLogFileIs() {
    assertThat(metrics(admin).body())
        .containsPattern(
            "mimamori_source_lag_bytes\\{asset=\"furusato-shop.example.jp\",path=\"[^\"]+access.log\",tenant=\"shop-a\"\\} 0");
  }

  @Test
  void everyLineIsACommentOrAWellFormedSample() {
    for (String line : metrics(admin).body().split("\n")) {
      assertThat(
              line.startsWith("# HELP ")
                  || line.startsWith("# TYPE ")
                  || SAMPLE.matcher(line).matches())
          .as(line)
          .isTrue();
    }
  }

  @Test
  void escapesLabelValues() {
    assertThat(dev.mimamori.server.web.PrometheusTextAccess.escape("a\"b\\c\nd"))
        .isEqualTo("a\\\"b\\\\c\\nd");
  }
}
