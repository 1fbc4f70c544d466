package dev.mimamori.vuln.inventory;

import dev.mimamori.vuln.advisory.PackageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a shop runs as seen from outside, when no file access is given: the page's scripts, named by
 * their URL ({@code jquery-3.4.1.min.js}, {@code /bootstrap@4.6.0/}) or, for scripts on the shop's
 * own host, by the header of their first 2 KiB. Third-party hosts are not fetched (their URL is
 * enough, and a monitor should not call out more than a browser would). Everything read is bounded:
 * the page to 2 MiB, at most 40 scripts, 10 seconds each.
 */
public final class PublicFingerprint {
  private static final int MAX_PAGE = 2 << 20;
  private static final int MAX_SCRIPTS = 40;
  private static final int HEADER_BYTES = 2048;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern SCRIPT =
      Pattern.compile(
          "<script\\b[^>]{0,500}?\\bsrc\\s*=\\s*[\"']([^\"'<>\\s]{1,2000})[\"']",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ECCUBE =
      Pattern.compile(
          "/html/template/[a-z0-9_-]{1,40}/assets/|/html/user_data/|eccube",
          Pattern.CASE_INSENSITIVE);

  private final HttpClient http;

  public PublicFingerprint(HttpClient http) {
    this.http = http;
  }

  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  public Inventory take(URI page) throws IOException, InterruptedException {
    if (!"https".equals(page.getScheme()) && !"http".equals(page.getScheme())) {
      throw new IOException("not an http(s) URL: " + page);
    }
    List<String> notes = new ArrayList<>();
    String html = new String(get(page, MAX_PAGE), StandardCharsets.UTF_8);
    Set<Component> found = new LinkedHashSet<>();
    if (ECCUBE.matcher(html).find()) {
      notes.add("EC-CUBE markup found; its version is not visible from outside");
    }
    Matcher m = SCRIPT.matcher(html);
    int fetched = 0;
    while (m.find()) {
      URI src;
      try {
        src = page.resolve(m.group(1).replace("&amp;", "&"));
      } catch (IllegalArgumentException e) {
        continue;
      }
      String where = src.toString();
      Optional<ScriptHeaders.Library> byUrl =
          ScriptHeaders.fromUrl(src.getPath() == null ? "" : src.getPath());
      if (byUrl.isPresent()) {
        found.add(component(byUrl.get(), where));
        continue;
      }
      if (!sameHost(page, src) || fetched >= MAX_SCRIPTS) {
        continue;
      }
      fetched++;
      try {
        String head = new String(get(src, HEADER_BYTES), StandardCharsets.UTF_8);
        ScriptHeaders.identify(head).ifPresent(lib -> found.add(component(lib, where)));
      } catch (IOException e) {
        notes.add(where + ": " + e.getMessage());
      }
    }
    return new Inventory(List.copyOf(found), notes);
  }

  private static Component component(ScriptHeaders.Library lib, String where) {
    return new Component(new PackageRef("npm", lib.name()), lib.version(), where);
  }

  private static boolean sameHost(URI a, URI b) {
    return a.getHost() != null
        && a.getHost()
            .toLowerCase(Locale.ROOT)
            .equals(b.getHost() == null ? "" : b.getHost().toLowerCase(Locale.ROOT))
        && a.getScheme().equals(b.getScheme());
  }

  private byte[] get(URI uri, int max) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("User-Agent", "mimamori-vuln")
            .GET()
            .build();
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode());
      }
      return in.readNBytes(max);
    }
  }
}
