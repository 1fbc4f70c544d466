package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.model.Observable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxPageDownActionTest {
  @TempDir Path dir;

  static ActionRequest url(String value) {
    return new ActionRequest("shop-a", "incident-9", Observable.url(value));
  }

  NginxPageDownAction action() {
    return new NginxPageDownAction(new NginxPageDownAction.Config(dir.resolve("down.conf"), null));
  }

  @Test
  void writesAnExactLocationAnswering503() throws Exception {
    ActionResult r = action().execute(url("https://shop.example/products/detail/12?x=1#y"));

    assertThat(r.changed()).isTrue();
    assertThat(Files.readAllLines(dir.resolve("down.conf")))
        .containsExactly(
            "# mimamori incident incident-9", "location = /products/detail/12 { return 503; }");
  }

  @Test
  void takesAPathAsWell() throws Exception {
    action().execute(url("/html/user_data/contact.php?a=b"));

    assertThat(Files.readString(dir.resolve("down.conf")))
        .contains("location = /html/user_data/contact.php { return 503; }");
  }

  @Test
  void refusesPathsThatCouldBecomeConfiguration() {
    for (String bad :
        List.of(
            "/a { return 200; } location /b",
            "/a;",
            "/a b",
            "/%7B",
            "/a/../admin",
            "//x",
            "/a\"",
            "/a\nb",
            "javascript:alert(1)",
            "ftp://host/x",
            "relative/path")) {
      assertThatThrownBy(() -> action().execute(url(bad)))
          .as(bad)
          .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isFalse());
    }
    assertThat(dir.resolve("down.conf")).doesNotExist();
  }

  @Test
  void actsOnUrlsOnly() {
    assertThatThrownBy(
            () -> action().execute(new ActionRequest("s", "i", Observable.ip("203.0.113.1"))))
        .hasMessageContaining("acts on URLs");
  }

  @Test
  void undoPutsThePageBackUp() throws Exception {
    action().execute(url("/a"));
    action().execute(url("/b"));

    assertThat(action().undo(url("/a")).changed()).isTrue();

    assertThat(Files.readAllLines(dir.resolve("down.conf")))
        .containsExactly("# mimamori incident incident-9", "location = /b { return 503; }");
  }

  @Test
  void aDryRunChangesNothing() throws Exception {
    ActionResult r = action().execute(url("/a").asDryRun());

    assertThat(r.summary()).startsWith("dry run: would add 'location = /a { return 503; }'");
    assertThat(dir.resolve("down.conf")).doesNotExist();
  }

  /** Real nginx on a loopback port: the page answers 503, the rest 200; undo brings it back. */
  @Test
  void realNginxAnswers503OnThatPageOnly() throws Exception {
    Path nginx = findNginx();
    assumeTrue(nginx != null, "nginx is not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path prefix = Files.createDirectories(dir.resolve("nginx"));
    Files.createDirectories(prefix.resolve("logs"));
    Path include = prefix.resolve("mimamori-down.conf");
    Files.writeString(include, "");
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(
        conf,
        """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log;
        daemon off;
        events { worker_connections 64; }
        http {
          access_log off;
          server {
            listen 127.0.0.1:%2$d;
            include %3$s;
            location / { return 200 "ok\\n"; }
          }
        }
        """
            .formatted(prefix, port, include));
    List<String> base =
        List.of(
            nginx.toString(),
            "-p",
            prefix.toString(),
            "-e",
            prefix.resolve("logs/error.log").toString(),
            "-c",
            conf.toString());
    Process master =
        new ProcessBuilder(base)
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
            .start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String site = "http://127.0.0.1:" + port;
      assertThat(await(http, site + "/products/detail/1", s -> s == 200)).isEqualTo(200);
      List<String> reload = new ArrayList<>(base);
      reload.addAll(List.of("-s", "reload"));
      NginxPageDownAction a =
          new NginxPageDownAction(new NginxPageDownAction.Config(include, reload));

      ActionResult r = a.execute(url(site + "/products/detail/1"));

      assertThat(r.summary()).contains("nginx reloaded");
      assertThat(await(http, site + "/products/detail/1", s -> s == 503)).isEqualTo(503);
      assertThat(status(http, site + "/products/detail/2")).isEqualTo(200);
      assertThat(status(http, site + "/")).isEqualTo(200);

      a.undo(url(site + "/products/detail/1"));

      assertThat(await(http, site + "/products/detail/1", s -> s == 200)).isEqualTo(200);
    } finally {
      master.destroy();
      master.waitFor();
    }
  }

  private static int await(HttpClient http, String url, IntPredicate done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = status(http, url);
        if (done.test(last)) {
          return last;
        }
      } catch (IOException notYet) {
        // nginx is still starting
      }
      Thread.sleep(100);
    }
    return last;
  }

  private static int status(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static Path findNginx() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }
}
