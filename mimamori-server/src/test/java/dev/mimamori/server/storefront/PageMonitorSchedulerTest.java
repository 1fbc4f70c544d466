package dev.mimamori.server.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.server.LineIngestor;
import dev.mimamori.server.account.SecretBox;
import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.PageMonitorRepository;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.storefront.PageInventory;
import dev.mimamori.storefront.PageVisit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler and the check around the browser, over a real store: the browser itself is replaced
 * by a visitor the test scripts (StorefrontMonitorTest runs the real one).
 */
class PageMonitorSchedulerTest {
  @TempDir Path dir;
  Store store;
  PageMonitorRepository.PageMonitor monitor;
  final List<String> lines = new CopyOnWriteArrayList<>();
  final LineIngestor ingestor =
      (tenant, asset, format, l) -> {
        lines.addAll(l);
        return Pipeline.Submitted.QUEUED;
      };

  @BeforeEach
  void open() throws Exception {
    store = Store.open(DatabaseConfig.sqlite(dir.resolve("db.sqlite")), Clock.systemUTC());
    store.tenants().ensure("shop-a", "Shop A");
    SiteRepository.Site site =
        store
            .sites()
            .create("shop-a", "main", List.of(), List.of("shop.example.jp"), List.of(), null, null);
    monitor =
        store
            .pageMonitors()
            .create(
                TenantScope.of("shop-a"),
                "shop-a",
                site.id(),
                new PageMonitorRepository.Spec(
                    "checkout", "https://shop.example.jp/shopping", null, null, 60, true));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static PageInventory page(String... scripts) {
    List<PageInventory.Script> s = new java.util.ArrayList<>();
    for (String src : scripts) {
      s.add(
          new PageInventory.Script(
              src, "h-" + src, false, java.net.URI.create(src).getHost(), false, 1));
    }
    return new PageInventory(
        "https://shop.example.jp/shopping",
        "https://shop.example.jp/shopping",
        "shop.example.jp",
        s,
        List.of(),
        List.of(),
        List.of(),
        new PageInventory.Csp("", "", List.of()),
        List.of(),
        List.of());
  }

  PageMonitorScheduler scheduler(PageVisitor visitor) throws Exception {
    PageMonitorCheck check =
        new PageMonitorCheck(
            store,
            visitor,
            new FlowSecrets(SecretBox.open(dir, null)),
            ingestor,
            PageVisit.Limits.of(Duration.ofSeconds(5), Duration.ZERO),
            Clock.systemUTC());
    return new PageMonitorScheduler(store, check, Clock.systemUTC(), 1);
  }

  void runOnce(PageMonitorScheduler s) throws InterruptedException {
    store.pageMonitors().checkNow(TenantScope.of("shop-a"), monitor.id());
    s.tick();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!s.idle() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  String status() {
    return store
        .pageMonitors()
        .find(TenantScope.of("shop-a"), monitor.id())
        .orElseThrow()
        .lastStatus();
  }

  @Test
  void browserThatFailsIsRecordedAsFailedAndTheNextCheckRecovers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) -> {
              if (calls.getAndIncrement() == 0) {
                throw new PageVisit.Failed("Chromium did not start: crashed", null);
              }
              return page("https://shop.example.jp/app.js");
            })) {
      runOnce(s);
      String first = status();
      runOnce(s);
      assertThat(List.of(first, status())).containsExactly("failed", "baseline");
    }
  }

  @Test
  void failedCheckIsAlertedOnceNotAtEveryCheck() throws Exception {
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) -> {
              throw new PageVisit.Failed(
                  "the page did not finish within 90 s; browser killed", null);
            })) {
      runOnce(s);
      runOnce(s);
      assertThat(lines).hasSize(1).allMatch(l -> l.contains("\"kind\":\"check_failed\""));
    }
  }

  @Test
  void monitorStillRunningIsNotTakenAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) -> {
              calls.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return page();
            })) {
      store.pageMonitors().checkNow(TenantScope.of("shop-a"), monitor.id());
      s.tick();
      store.pageMonitors().checkNow(TenantScope.of("shop-a"), monitor.id());
      int second = s.tick();
      release.countDown();
      assertThat(second).isZero();
    }
  }

  @Test
  void newScriptIsSentOnceAndNotAgainWhileItStays() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) ->
                calls.getAndIncrement() == 0
                    ? page("https://shop.example.jp/app.js")
                    : page("https://shop.example.jp/app.js", "https://evil.example/s.js"))) {
      runOnce(s);
      runOnce(s);
      runOnce(s);
      assertThat(lines).filteredOn(l -> l.contains("\"kind\":\"new_script\"")).hasSize(1);
    }
  }

  @Test
  void approvedScriptVersionIsNoFinding() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) ->
                calls.getAndIncrement() == 0
                    ? page("https://shop.example.jp/app.js")
                    : page("https://shop.example.jp/app.js", "https://cdn.example/w.js"))) {
      runOnce(s);
      store
          .pageMonitors()
          .sawScripts(
              "shop-a",
              monitor.id(),
              List.of(
                  new PageMonitorRepository.Seen(
                      "https://cdn.example/w.js", "h-https://cdn.example/w.js", "cdn.example")),
              java.time.Instant.now());
      store
          .pageMonitors()
          .decide(
              TenantScope.of("shop-a"),
              monitor.id(),
              "https://cdn.example/w.js",
              "h-https://cdn.example/w.js",
              "approved",
              "payment widget",
              "alice");
      runOnce(s);
      assertThat(lines).noneMatch(l -> l.contains("new_script"));
    }
  }

  static PageInventory withHash(String src, String hash) {
    return new PageInventory(
        "https://shop.example.jp/shopping",
        "https://shop.example.jp/shopping",
        "shop.example.jp",
        List.of(new PageInventory.Script(src, hash, false, "shop.example.jp", false, 1)),
        List.of(),
        List.of(),
        List.of(),
        new PageInventory.Csp("", "", List.of()),
        List.of(),
        List.of());
  }

  @Test
  void scriptChangedAgainIsAlertedAgain() throws Exception {
    List<String> hashes = List.of("a", "b", "b", "c");
    AtomicInteger calls = new AtomicInteger();
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) ->
                withHash("https://shop.example.jp/app.js", hashes.get(calls.getAndIncrement())))) {
      for (int i = 0; i < hashes.size(); i++) {
        runOnce(s);
      }
      assertThat(lines).filteredOn(l -> l.contains("changed_script")).hasSize(2);
    }
  }

  @Test
  void failedCheckInBetweenDoesNotMakeALastingFindingNewAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (PageMonitorScheduler s =
        scheduler(
            (url, flow, limits) -> {
              int n = calls.getAndIncrement();
              if (n == 2) {
                throw new PageVisit.Failed("browser failed: crashed", null);
              }
              return n == 0
                  ? page("https://shop.example.jp/app.js")
                  : page("https://shop.example.jp/app.js", "https://evil.example/s.js");
            })) {
      for (int i = 0; i < 4; i++) {
        runOnce(s);
      }
      assertThat(lines).filteredOn(l -> l.contains("\"kind\":\"new_script\"")).hasSize(1);
    }
  }

  @Test
  void unreadableBaselineIsRecordedAsAFailedCheck() throws Exception {
    store
        .pageMonitors()
        .recordCheck(monitor.id(), java.time.Instant.now(), "baseline", "{}", "not json");
    try (PageMonitorScheduler s = scheduler((url, flow, limits) -> page())) {
      runOnce(s);
      assertThat(status()).isEqualTo("failed");
    }
  }
}
