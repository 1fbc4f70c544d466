package dev.mimamori.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.incidents.Correlation;
import dev.mimamori.incidents.InMemoryIncidentStore;
import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.incidents.IncidentCorrelator;
import dev.mimamori.incidents.IncidentStore;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.notify.NotificationException;
import dev.mimamori.incidents.notify.Notifier;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.source.RawLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  static final String XSS =
      "203.0.113.45 - - [21/Nov/2026:10:02:20 +0900] \"GET /products/list?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E HTTP/1.1\" 200 19005 \"-\" \"Mozilla/5.0\"";
  static final String MAIL =
      "198.51.100.10 - - [21/Nov/2026:14:32:35 +0900] \"POST /admin/order/1042/mail HTTP/1.1\" 200 31002 \"-\" \"Mozilla/5.0\"";
  static final String SHELL =
      "203.0.113.77 - - [21/Nov/2026:16:05:00 +0900] \"POST /html/user_data/packages.php HTTP/1.1\" 200 2211 \"-\" \"Mozilla/5.0\"";
  static final String BENIGN =
      "192.0.2.10 - - [21/Nov/2026:16:06:00 +0900] \"GET /products/detail/12 HTTP/1.1\" 200 18000 \"-\" \"Mozilla/5.0\"";

  @TempDir Path dir;

  final InMemoryIncidentStore incidents = new InMemoryIncidentStore();
  final CheckpointStore checkpoints = CheckpointStore.inMemory();

  Pipeline pipeline(
      IncidentStore store, List<Notifier> notifiers, PipelineListener listener, int capacity) {
    return pipeline(store, notifiers, listener, capacity, EventSink.NONE);
  }

  Pipeline pipeline(
      IncidentStore store,
      List<Notifier> notifiers,
      PipelineListener listener,
      int capacity,
      EventSink sink) {
    return new Pipeline(
        new Detector(new RuleLoader().loadBuiltin()),
        new IncidentCorrelator(store, Duration.ofHours(6)),
        checkpoints,
        notifiers,
        listener,
        capacity,
        sink);
  }

  Pipeline pipeline() {
    return pipeline(incidents, List.of(), PipelineListener.NONE, 100);
  }

  Path log(String... lines) throws IOException {
    Path p = dir.resolve("access.log");
    Files.write(p, List.of(lines), StandardCharsets.UTF_8);
    return p;
  }

  SourceSpec once(Path p) {
    return new SourceSpec(p, "combined", "shop-a", "shop.example.jp", false);
  }

  @Test
  void turnsAnAttackLogIntoOneIncidentOfThreeAlerts() throws Exception {
    Path p = log(BENIGN, XSS, MAIL, SHELL);
    try (Pipeline pl = pipeline()) {
      pl.addSource(once(p));
      assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    List<Incident> list = incidents.incidents();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).alertCount()).isEqualTo(3);
    assertThat(list.get(0).timeline()).filteredOn(e -> e.kind().equals("alert")).hasSize(3);
  }

  @Test
  void theAttackLogReachesTheWebShellStageOfTheChain() throws Exception {
    Path p = log(BENIGN, XSS, MAIL, SHELL);
    try (Pipeline pl = pipeline()) {
      pl.addSource(once(p));
      assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    assertThat(incidents.incidents().get(0).chainStage()).isEqualTo(6);
  }

  @Test
  void pointsEveryAlertBackToItsLineAndOffset() throws Exception {
    Path p = log(BENIGN, XSS);
    try (Pipeline pl = pipeline()) {
      pl.addSource(once(p));
      pl.awaitIdle(Duration.ofSeconds(30));
    }

    var ev = incidents.alerts().get(0).evidence().get(0);
    assertThat(ev.lineNumber()).isEqualTo(2);
    assertThat(ev.logOffset()).isEqualTo(BENIGN.getBytes(StandardCharsets.UTF_8).length + 1);
    assertThat(ev.original()).isEqualTo(XSS);
  }

  @Test
  void resumesFromItsCheckpointWithoutLosingOrDoublingLines() throws Exception {
    Path p = log(BENIGN, XSS);
    try (Pipeline first = pipeline()) {
      first.addSource(once(p));
      first.awaitIdle(Duration.ofSeconds(30));
    }
    Files.writeString(p, SHELL + "\n" + BENIGN + "\n", StandardOpenOption.APPEND);

    Pipeline second = pipeline();
    second.addSource(once(p));
    second.awaitIdle(Duration.ofSeconds(30));
    second.close();

    assertThat(second.stats().linesRead()).isEqualTo(2);
    assertThat(incidents.alerts())
        .extracting(Alert::ruleId)
        .containsExactly("mm-web-xss-payload", "mm-web-php-in-user-data");
  }

  @Test
  void storesTheAlertsOfLinesReadAgainAfterACrashOnlyOnce() throws Exception {
    Path p = log(BENIGN, XSS, SHELL);
    try (Pipeline first = pipeline()) {
      first.addSource(once(p));
      first.awaitIdle(Duration.ofSeconds(30));
    }
    // As if the process died after storing the alerts but before saving the position.
    CheckpointStore forgetful = CheckpointStore.inMemory();
    Pipeline second =
        new Pipeline(
            new Detector(new RuleLoader().loadBuiltin()),
            new IncidentCorrelator(incidents, Duration.ofHours(6)),
            forgetful,
            List.of(),
            PipelineListener.NONE,
            100);
    second.addSource(once(p));
    second.awaitIdle(Duration.ofSeconds(30));
    second.close();

    assertThat(incidents.alerts()).hasSize(2);
  }

  @Test
  void followsAGrowingFile() throws Exception {
    Path p = log(BENIGN);
    try (Pipeline pl = pipeline()) {
      pl.addSource(new SourceSpec(p, "combined", "shop-a", "shop.example.jp", true));
      waitFor(() -> pl.stats().linesRead() == 1);
      Files.writeString(p, XSS + "\n", StandardOpenOption.APPEND);
      waitFor(() -> incidents.alerts().size() == 1);
    }

    assertThat(incidents.alerts()).extracting(Alert::ruleId).containsExactly("mm-web-xss-payload");
  }

  @Test
  void reportsUnparseableLinesAndKeepsGoing() throws Exception {
    Path p = log("\u0016\u0003\u0001 garbage", XSS);
    List<String> rejected = new CopyOnWriteArrayList<>();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void rejected(SourceSpec s, ParseResult.Rejected r) {
            rejected.add(r.lineNumber() + ":" + r.reason());
          }
        };
    try (Pipeline pl = pipeline(incidents, List.of(), listener, 10)) {
      pl.addSource(once(p));
      pl.awaitIdle(Duration.ofSeconds(30));
      assertThat(pl.stats().linesRejected()).isEqualTo(1);
    }

    assertThat(rejected).hasSize(1).allMatch(r -> r.startsWith("1:"));
    assertThat(incidents.alerts()).hasSize(1);
  }

  @Test
  void notifiesOnANewIncidentAndOnEscalation() throws Exception {
    Path p = log(MAIL, XSS, SHELL);
    List<Notification> sent = new CopyOnWriteArrayList<>();
    Notifier recorder =
        new Notifier() {
          @Override
          public String type() {
            return "test";
          }

          @Override
          public void send(Notification n) {
            sent.add(n);
          }
        };
    try (Pipeline pl = pipeline(incidents, List.of(recorder), PipelineListener.NONE, 10)) {
      pl.addSource(once(p));
      pl.awaitIdle(Duration.ofSeconds(30));
    }

    assertThat(sent)
        .extracting(Notification::kind)
        .containsExactly(
            Notification.Kind.INCIDENT_OPENED,
            Notification.Kind.INCIDENT_ESCALATED,
            Notification.Kind.INCIDENT_ESCALATED);
  }

  @Test
  void retriesATemporaryNotificationErrorAndCountsAPermanentOne() throws Exception {
    Path p = log(XSS);
    AtomicInteger calls = new AtomicInteger();
    Notifier flaky =
        new Notifier() {
          @Override
          public String type() {
            return "flaky";
          }

          @Override
          public void send(Notification n) throws NotificationException {
            if (calls.incrementAndGet() == 1) {
              throw new NotificationException("timeout", true);
            }
          }
        };
    Notifier broken =
        new Notifier() {
          @Override
          public String type() {
            return "broken";
          }

          @Override
          public void send(Notification n) throws NotificationException {
            throw new NotificationException("bad credentials", false);
          }
        };
    Pipeline pl = pipeline(incidents, List.of(flaky, broken), PipelineListener.NONE, 10);
    pl.addSource(once(p));
    pl.awaitIdle(Duration.ofSeconds(30));
    pl.close();

    assertThat(calls.get()).isEqualTo(2);
    assertThat(pl.stats().notificationsFailed()).isEqualTo(1);
  }

  @Test
  void pushesBackOnAFloodInsteadOfBufferingIt() throws Exception {
    int capacity = 4;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // A rule without suppression, so that every line is an alert.
      lines.add(MAIL.replace("/admin/order/1042/mail", "/admin/setting/system/member/new"));
    }
    Path p = log(lines.toArray(String[]::new));
    AtomicLong stored = new AtomicLong();
    IncidentStore slow =
        new IncidentStore() {
          @Override
          public boolean hasAlert(String tenant, String alertId) {
            return incidents.hasAlert(tenant, alertId);
          }

          @Override
          public Optional<Incident> findOpen(
              String tenant,
              String asset,
              Set<String> entities,
              Instant notBefore,
              boolean chain,
              Instant chainNotBefore) {
            return incidents.findOpen(tenant, asset, entities, notBefore, chain, chainNotBefore);
          }

          @Override
          public void record(IncidentChange change) {
            sleep(2);
            incidents.record(change);
            stored.incrementAndGet();
          }
        };
    long maxInFlight = 0;
    try (Pipeline pl = pipeline(slow, List.of(), PipelineListener.NONE, capacity)) {
      pl.addSource(once(p));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (stored.get() < 400 && System.nanoTime() < deadline) {
        long inFlight = pl.stats().linesRead() - stored.get();
        maxInFlight = Math.max(maxInFlight, inFlight);
        sleep(1);
      }
      pl.awaitIdle(Duration.ofSeconds(30));
    }

    // Two queues of `capacity`, one item in the hands of each worker, one put blocked in the
    // reader.
    assertThat(maxInFlight).isLessThanOrEqualTo(2L * capacity + 3);
    // (400 posts from one address in a second are also a flood: mm-web-flood's alert aside)
    assertThat(incidents.alerts())
        .filteredOn(a -> a.ruleId().equals("mm-eccube-admin-member-created"))
        .hasSize(400);
  }

  @Test
  void closeSavesThePositionOfEverythingItStored() throws Exception {
    Path p = log(BENIGN, XSS, MAIL);
    SourceSpec src = once(p);
    try (Pipeline pl = pipeline()) {
      pl.addSource(src);
      pl.awaitIdle(Duration.ofSeconds(30));
    }

    CheckpointStore.Checkpoint saved = checkpoints.load(src).orElseThrow();
    assertThat(saved.offset()).isEqualTo(Files.size(p));
    assertThat(saved.lineNumber()).isEqualTo(4);
  }

  @Test
  void aCorrelationListenerSeesEveryAlert() throws Exception {
    Path p = log(XSS, MAIL, SHELL);
    List<Correlation> seen = new CopyOnWriteArrayList<>();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void correlated(Correlation c) {
            seen.add(c);
          }
        };
    try (Pipeline pl = pipeline(incidents, List.of(), listener, 10)) {
      pl.addSource(once(p));
      pl.awaitIdle(Duration.ofSeconds(30));
    }

    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).created()).isTrue();
    assertThat(seen.get(2).incident().alertCount()).isEqualTo(3);
  }

  @Test
  void keepsEveryAlertWhenTheStoreFailsForAWhile() throws Exception {
    Path p = log(XSS, MAIL, SHELL);
    AtomicInteger failuresLeft = new AtomicInteger(3);
    IncidentStore flaky =
        new IncidentStore() {
          @Override
          public boolean hasAlert(String tenant, String alertId) {
            return incidents.hasAlert(tenant, alertId);
          }

          @Override
          public Optional<Incident> findOpen(
              String tenant,
              String asset,
              Set<String> entities,
              Instant notBefore,
              boolean chain,
              Instant chainNotBefore) {
            return incidents.findOpen(tenant, asset, entities, notBefore, chain, chainNotBefore);
          }

          @Override
          public void record(IncidentChange change) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new IllegalStateException("database is restarting");
            }
            incidents.record(change);
          }
        };
    Pipeline pl = pipeline(flaky, List.of(), PipelineListener.NONE, 10);
    pl.addSource(once(p));
    assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    pl.close();

    assertThat(incidents.alerts()).hasSize(3);
    assertThat(pl.stats().storeErrors()).isEqualTo(3);
  }

  @Test
  void keepsDetectingAfterARuleThrows() throws Exception {
    Path p = log(BENIGN.replace("/products/detail/12", "/boom"), XSS);
    dev.mimamori.detect.CompiledRule broken =
        new dev.mimamori.detect.CompiledRule() {
          @Override
          public dev.mimamori.detect.RuleMeta meta() {
            return new dev.mimamori.detect.RuleMeta(
                "broken", "Broken", "test", dev.mimamori.model.Severity.LOW, Duration.ZERO);
          }

          @Override
          public List<dev.mimamori.model.Event> evaluate(dev.mimamori.detect.EventView e) {
            if ("/boom".equals(e.raw("url.path"))) {
              throw new IllegalStateException("rule bug");
            }
            return List.of();
          }
        };
    List<dev.mimamori.detect.CompiledRule> rules = new ArrayList<>(new RuleLoader().loadBuiltin());
    rules.add(0, broken);
    Pipeline pl =
        new Pipeline(
            new Detector(rules),
            new IncidentCorrelator(incidents, Duration.ofHours(6)),
            checkpoints,
            List.of(),
            PipelineListener.NONE,
            10);
    pl.addSource(once(p));
    assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    pl.close();

    assertThat(pl.stats().detectErrors()).isEqualTo(1);
    assertThat(pl.healthy()).isFalse(); // closed
    assertThat(incidents.alerts()).extracting(Alert::ruleId).containsExactly("mm-web-xss-payload");
  }

  @Test
  void stopsAfterAWholeLineAndResumesWithoutLosingOrDoubling() throws Exception {
    int n = 3000;
    String member = MAIL.replace("/admin/order/1042/mail", "/admin/setting/system/member/new");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(member);
    }
    Path p = log(lines.toArray(String[]::new));
    IncidentStore slow =
        new IncidentStore() {
          @Override
          public boolean hasAlert(String tenant, String alertId) {
            return incidents.hasAlert(tenant, alertId);
          }

          @Override
          public Optional<Incident> findOpen(
              String tenant,
              String asset,
              Set<String> entities,
              Instant notBefore,
              boolean chain,
              Instant chainNotBefore) {
            return incidents.findOpen(tenant, asset, entities, notBefore, chain, chainNotBefore);
          }

          @Override
          public void record(IncidentChange change) {
            sleep(1);
            incidents.record(change);
          }
        };
    Pipeline first = pipeline(slow, List.of(), PipelineListener.NONE, 64);
    first.addSource(once(p));
    waitFor(() -> incidents.alerts().size() >= 300);
    first.close();
    int afterFirst = incidents.alerts().size();

    Pipeline second = pipeline(incidents, List.of(), PipelineListener.NONE, 64);
    second.addSource(once(p));
    assertThat(second.awaitIdle(Duration.ofSeconds(60))).isTrue();
    second.close();

    assertThat(afterFirst).isLessThan(n);
    assertThat(first.stats().linesRead() + second.stats().linesRead()).isEqualTo(n);
    assertThat(incidents.alerts())
        .filteredOn(a -> a.ruleId().equals("mm-eccube-admin-member-created"))
        .hasSize(n);
  }

  @Test
  void followsAFileThatIsDeletedAndCreatedAgain() throws Exception {
    Path p = log(BENIGN, BENIGN, BENIGN);
    try (Pipeline pl = pipeline()) {
      pl.addSource(new SourceSpec(p, "combined", "shop-a", "shop.example.jp", true));
      waitFor(() -> pl.stats().linesRead() == 3);
      Files.delete(p);
      sleep(600);
      Files.writeString(p, XSS + "\n");
      waitFor(() -> incidents.alerts().size() == 1);
      assertThat(pl.stats().sourceErrors()).isZero();
    }

    assertThat(incidents.alerts()).extracting(Alert::ruleId).containsExactly("mm-web-xss-payload");
  }

  @Test
  void archivesEveryEventAndKeepsUnparsedLinesAsRawEvents() throws Exception {
    Path p = log(BENIGN, "\u0016\u0003\u0001 4111 1111 1111 1111 garbage", XSS);
    List<dev.mimamori.model.Event> archived = new CopyOnWriteArrayList<>();
    AtomicInteger commits = new AtomicInteger();
    EventSink sink =
        new EventSink() {
          @Override
          public void add(dev.mimamori.model.Event e, StreamId stream) {
            archived.add(e);
          }

          @Override
          public void commit() {
            commits.incrementAndGet();
          }
        };
    Pipeline pl = pipeline(incidents, List.of(), PipelineListener.NONE, 10, sink);
    pl.addSource(once(p));
    assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    pl.close();

    assertThat(archived).hasSize(3);
    dev.mimamori.model.Event raw = archived.get(1);
    assertThat(raw.field("event.outcome")).isEqualTo("unparsed");
    assertThat(raw.original())
        .contains("4111 11** **** 1111")
        .doesNotContain("4111 1111 1111 1111");
    assertThat(raw.lineNumber()).isEqualTo(2);
    assertThat(commits.get()).isPositive();
  }

  @Test
  void finishesAFileRenamedByRotationBeforeReadingItsSuccessor() throws Exception {
    Path p = log(BENIGN, XSS);
    SourceSpec followed = new SourceSpec(p, "combined", "shop-a", "shop.example.jp", true);
    try (Pipeline first = pipeline()) {
      first.addSource(followed);
      waitFor(() -> incidents.alerts().size() == 1);
      first.flush(Duration.ofSeconds(10));
    }
    // While mimamori is down: a last line, then logrotate renames the file and nginx opens anew.
    Files.writeString(p, MAIL + "\n", StandardOpenOption.APPEND);
    Files.move(p, dir.resolve("access.log.1"));
    Files.writeString(p, SHELL + "\n");

    try (Pipeline second = pipeline()) {
      second.addSource(followed);
      waitFor(() -> incidents.alerts().size() == 3);
    }

    assertThat(incidents.alerts())
        .extracting(Alert::ruleId)
        .containsExactly(
            "mm-web-xss-payload", "mm-eccube-admin-order-mail", "mm-web-php-in-user-data");
    assertThat(incidents.alerts().get(1).evidence().get(0).logFilePath()).endsWith("access.log.1");
  }

  @Test
  void readsPastATenMegabyteLineWithoutHoldingIt() throws Exception {
    Path p = dir.resolve("huge.log");
    try (var out = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
      out.write(BENIGN.substring(0, BENIGN.indexOf("GET ")) + "GET /");
      char[] chunk = new char[1 << 20];
      java.util.Arrays.fill(chunk, 'A');
      for (int i = 0; i < 10; i++) {
        out.write(chunk);
      }
      out.write(" HTTP/1.1\" 200 5 \"-\" \"x\"\n");
      out.write(XSS + "\n");
    }
    try (Pipeline pl = pipeline()) {
      pl.addSource(once(p));
      assertThat(pl.awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(pl.stats().linesRead()).isEqualTo(2);
      assertThat(pl.stats().linesRejected() + pl.stats().eventsParsed()).isEqualTo(2);
    }

    assertThat(incidents.alerts()).extracting(Alert::ruleId).containsExactly("mm-web-xss-payload");
  }

  @Test
  void readsEveryFileAPatternNamesAndPicksUpNewOnes() throws Exception {
    Files.writeString(dir.resolve("shop1.log"), XSS + "\n");
    Files.writeString(dir.resolve("shop1.log.1"), MAIL + "\n"); // a rotated copy: not a new file
    Files.writeString(dir.resolve("other.txt"), SHELL + "\n");
    SourceSpec pattern =
        new SourceSpec(dir.resolve("*.log*"), "combined", "shop-a", "shop.example.jp", true);
    try (Pipeline pl = pipeline()) {
      pl.addSource(pattern);
      waitFor(() -> incidents.alerts().size() == 1);
      Files.writeString(dir.resolve("shop2.log"), SHELL + "\n");
      waitFor(() -> incidents.alerts().size() == 2);
    }

    assertThat(incidents.alerts())
        .extracting(Alert::ruleId)
        .containsExactly("mm-web-xss-payload", "mm-web-php-in-user-data");
  }

  @Test
  void expandsAPatternOnceForAOneShotRead() throws Exception {
    Files.writeString(dir.resolve("a.log"), XSS + "\n");
    Files.writeString(dir.resolve("b.log"), MAIL + "\n");
    try (Pipeline pl = pipeline()) {
      pl.addSource(once(dir.resolve("*.log")));
      assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(pl.stats().linesRead()).isEqualTo(2);
    }
  }

  static final List<String> PHP_TRACE =
      List.of(
          "[26-Nov-2026 10:00:00 Asia/Tokyo] PHP Fatal error:  Uncaught Error: x in /a.php:3",
          "Stack trace:",
          "#0 {main}",
          "  thrown in /a.php on line 3",
          "[26-Nov-2026 10:00:01 Asia/Tokyo] PHP Warning:  y in /a.php on line 1");

  /** A pipeline archiving into {@code archived}, counting rejected lines in {@code rejected}. */
  Pipeline archivingPipeline(List<dev.mimamori.model.Event> archived, AtomicInteger rejected) {
    return new Pipeline(
        new Detector(new RuleLoader().loadBuiltin()),
        new IncidentCorrelator(incidents, Duration.ofHours(6)),
        checkpoints,
        List.of(),
        new PipelineListener() {
          @Override
          public void rejected(
              SourceSpec source, dev.mimamori.sensors.parse.ParseResult.Rejected r) {
            rejected.incrementAndGet();
          }
        },
        100,
        new EventSink() {
          @Override
          public void add(dev.mimamori.model.Event e, StreamId stream) {
            archived.add(e);
          }

          @Override
          public void commit() {}
        });
  }

  @Test
  void readsAStackTraceAsOneEventWithItsError() throws Exception {
    Path p = dir.resolve("php_errors.log");
    Files.write(p, PHP_TRACE, StandardCharsets.UTF_8);
    List<dev.mimamori.model.Event> archived = new CopyOnWriteArrayList<>();
    AtomicInteger rejected = new AtomicInteger();
    try (Pipeline pl = archivingPipeline(archived, rejected)) {
      pl.addSource(new SourceSpec(p, "php-error", "shop-a", "shop.example.jp", false));
      assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    assertThat(archived).extracting(e -> e.lineNumber()).containsExactly(1L, 5L);
  }

  @Test
  void savesThePositionPastTheLastRecordOfAFileReadOnce() throws Exception {
    Path p = dir.resolve("php_errors.log");
    Files.write(p, PHP_TRACE, StandardCharsets.UTF_8);
    SourceSpec src = new SourceSpec(p, "php-error", "shop-a", "shop.example.jp", false);
    try (Pipeline pl = archivingPipeline(new CopyOnWriteArrayList<>(), new AtomicInteger())) {
      pl.addSource(src);
      assertThat(pl.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    assertThat(checkpoints.load(src).orElseThrow().offset()).isEqualTo(Files.size(p));
  }

  @Test
  void passesOnAFollowedFilesLastStackTraceOnceTheFileStopsGrowing() throws Exception {
    Path p = dir.resolve("php_errors.log");
    Files.write(p, PHP_TRACE.subList(0, 4), StandardCharsets.UTF_8);
    List<dev.mimamori.model.Event> archived = new CopyOnWriteArrayList<>();
    AtomicInteger rejected = new AtomicInteger();
    try (Pipeline pl = archivingPipeline(archived, rejected)) {
      pl.addSource(new SourceSpec(p, "php-error", "shop-a", "shop.example.jp", true));
      waitFor(() -> archived.size() == 1);
    }

    assertThat(archived.get(0).original()).endsWith("thrown in /a.php on line 3");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 20 s");
      }
      sleep(20);
    }
  }

  static final SourceSpec PUSHED =
      new SourceSpec(Path.of("/http-ingest", "web"), "combined", "shop-a", "web", false);

  static String xssFrom(String ip, int minute) {
    return XSS.replace("203.0.113.45", ip).replace("10:02:20", String.format("10:%02d:20", minute));
  }

  @Test
  void runsAReplacementDetectorFromTheNextLinesOn() throws Exception {
    try (Pipeline pl = pipeline()) {
      pl.submit(PUSHED, List.of(xssFrom("192.0.2.1", 0)), Duration.ofSeconds(20));
      pl.replaceDetector(new Detector(List.of()));
      pl.submit(PUSHED, List.of(xssFrom("192.0.2.2", 1)), Duration.ofSeconds(20));
    }

    assertThat(incidents.alerts()).hasSize(1);
  }

  @Test
  void keepsSuppressionWindowsAcrossADetectorReplacement() throws Exception {
    try (Pipeline pl = pipeline()) {
      pl.submit(PUSHED, List.of(xssFrom("192.0.2.1", 0)), Duration.ofSeconds(20));
      pl.replaceDetector(new Detector(new RuleLoader().loadBuiltin()));
      pl.submit(PUSHED, List.of(xssFrom("192.0.2.1", 1)), Duration.ofSeconds(20));
    }

    assertThat(incidents.alerts()).hasSize(1);
  }

  static final SourceSpec PUSHED_OTHER =
      new SourceSpec(Path.of("/http-ingest", "other"), "combined", "shop-a", "web", false);

  @Test
  void forgetsAPushedSourceIdleLongerThanTheLimit() throws Exception {
    try (Pipeline pl = pipeline()) {
      pl.pushIdleAfter(Duration.ZERO);
      pl.submit(PUSHED, List.of(BENIGN), Duration.ofSeconds(20));
      pl.submit(PUSHED_OTHER, List.of(BENIGN), Duration.ofSeconds(20));

      assertThat(pl.pushedSources()).isEqualTo(1);
    }
  }

  @Test
  void keepsAPushedSourceUsedWithinTheLimit() throws Exception {
    try (Pipeline pl = pipeline()) {
      pl.pushIdleAfter(Duration.ofHours(1));
      pl.submit(PUSHED, List.of(BENIGN), Duration.ofSeconds(20));
      pl.submit(PUSHED_OTHER, List.of(BENIGN), Duration.ofSeconds(20));

      assertThat(pl.pushedSources()).isEqualTo(2);
    }
  }

  /** Offsets archived, and offsets the archive was told to forget from, of streams named "web". */
  record Recorded(List<Long> offsets, List<Long> discardedFrom, EventSink sink) {
    static Recorded ofWebStreams() {
      List<Long> offsets = new CopyOnWriteArrayList<>();
      List<Long> discardedFrom = new CopyOnWriteArrayList<>();
      EventSink sink =
          new EventSink() {
            @Override
            public void add(dev.mimamori.model.Event e, StreamId stream) {
              if (stream.path().endsWith("web")) {
                offsets.add(e.logOffset());
              }
            }

            @Override
            public void commit() {}

            @Override
            public void discardFrom(StreamId stream, long offset) {
              if (stream.path().endsWith("web")) {
                discardedFrom.add(offset);
              }
            }
          };
      return new Recorded(offsets, discardedFrom, sink);
    }
  }

  Pipeline pipeline(EventSink sink) {
    return pipeline(incidents, List.of(), PipelineListener.NONE, 100, sink);
  }

  @Test
  void numbersAForgottenSourceOnFromItsSavedPosition() throws Exception {
    Recorded r = Recorded.ofWebStreams();
    try (Pipeline pl = pipeline(r.sink())) {
      pl.pushIdleAfter(Duration.ZERO);
      pl.submit(PUSHED, List.of(BENIGN, BENIGN), Duration.ofSeconds(20));
      pl.submit(PUSHED_OTHER, List.of(BENIGN), Duration.ofSeconds(20)); // forgets PUSHED
      pl.submit(PUSHED, List.of(BENIGN), Duration.ofSeconds(20));
    }

    assertThat(r.offsets()).containsExactly(0L, 1L, 2L);
    assertThat(r.discardedFrom()).containsExactly(0L, 2L);
  }

  @Test
  void skipsLinesAForgottenPositionedSourceStoredBefore() throws Exception {
    Recorded r = Recorded.ofWebStreams();
    RawLine first = new RawLine("/var/log/access.log", 0, 100, 1, BENIGN, false);
    RawLine second = new RawLine("/var/log/access.log", 100, 200, 2, BENIGN, false);
    try (Pipeline pl = pipeline(r.sink())) {
      pl.pushIdleAfter(Duration.ZERO);
      pl.submitPositioned(PUSHED, List.of(first), Duration.ofSeconds(20));
      pl.submit(PUSHED_OTHER, List.of(BENIGN), Duration.ofSeconds(20)); // forgets PUSHED
      pl.submitPositioned(PUSHED, List.of(first, second), Duration.ofSeconds(20)); // one again
    }

    assertThat(r.offsets()).containsExactly(0L, 100L);
  }
}
