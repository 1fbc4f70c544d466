package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.incidents.Entities;
import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.outbox.NotificationPlanner;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.pipeline.CheckpointStore;
import dev.mimamori.pipeline.SourceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every database must show; run once per database by the subclasses. */
abstract class StoreContractTest {
  static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");

  MutableClock clock;
  DatabaseConfig config;
  Store store;

  /** A fresh, empty database for each test. */
  abstract DatabaseConfig newDatabase();

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    config = newDatabase();
    store = Store.open(config, clock);
    store.tenants().ensure("shop-a", "Shop A");
    store.tenants().ensure("shop-b", "Shop B");
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Alert alert(String tenant, Instant at, Severity severity) {
    return new Alert(
        UUID.randomUUID().toString(),
        "mm-test-rule",
        "Test alert <script>",
        "web.test",
        severity,
        tenant,
        "shop.example.jp",
        at,
        "203.0.113.45",
        List.of(new EvidenceRef(at, "/var/log/nginx/access.log", 120, 3, "GET /x HTTP/1.1")),
        Set.of(Observable.ip("203.0.113.45")),
        null);
  }

  static Incident incident(
      String id, String tenant, Instant first, Instant last, Severity s, int count) {
    return new Incident(
        id,
        tenant,
        "shop.example.jp",
        "Incident " + id,
        IncidentStatus.NEW,
        s,
        count,
        first,
        last,
        List.of(),
        Set.of(Observable.ip("203.0.113.45")));
  }

  void record(Alert a, Incident i, boolean isNew, TimelineEntry e) {
    store
        .incidents()
        .record(new IncidentChange(a, i, isNew, Entities.of(a), List.of(e), List.of()));
  }

  /** Records one alert in a new incident and returns that incident. */
  Incident newIncident(String tenant, Instant at) {
    Incident i = incident(UUID.randomUUID().toString(), tenant, at, at, Severity.HIGH, 1);
    Alert a = alert(tenant, at, Severity.HIGH).withIncident(i.id());
    record(a, i, true, new TimelineEntry(at, "alert", "first", a.id()));
    return i;
  }

  @Test
  void recordsANewIncidentWithItsAlertAndTimeline() {
    Incident i = newIncident("shop-a", T0);

    Incident read = store.incidents().get(TenantScope.of("shop-a"), i.id()).orElseThrow();

    assertThat(read.title()).isEqualTo(i.title());
    assertThat(read.alertCount()).isEqualTo(1);
    assertThat(read.severity()).isEqualTo(Severity.HIGH);
    assertThat(read.firstSeen()).isEqualTo(T0);
    assertThat(read.timeline()).extracting(TimelineEntry::text).containsExactly("first");
    assertThat(read.observables()).containsExactly(Observable.ip("203.0.113.45"));
  }

  @Test
  void knowsAnAlertItStored() {
    Incident i = newIncident("shop-a", T0);
    String alertId =
        store
            .incidents()
            .get(TenantScope.of("shop-a"), i.id())
            .orElseThrow()
            .timeline()
            .get(0)
            .alertId();

    assertThat(store.incidents().hasAlert("shop-a", alertId)).isTrue();
  }

  @Test
  void doesNotSeeAnotherTenantsAlert() {
    Incident i = newIncident("shop-a", T0);
    String alertId =
        store
            .incidents()
            .get(TenantScope.of("shop-a"), i.id())
            .orElseThrow()
            .timeline()
            .get(0)
            .alertId();

    assertThat(store.incidents().hasAlert("shop-b", alertId)).isFalse();
  }

  @Test
  void keepsAlertEvidenceAndObservables() {
    Incident i = newIncident("shop-a", T0);

    Alert a = store.incidents().alerts(TenantScope.of("shop-a"), i.id(), 10, 0).items().get(0);

    assertThat(a.incidentId()).isEqualTo(i.id());
    assertThat(a.title()).isEqualTo("Test alert <script>");
    assertThat(a.evidence())
        .containsExactly(
            new EvidenceRef(T0, "/var/log/nginx/access.log", 120, 3, "GET /x HTTP/1.1"));
    assertThat(a.observables()).containsExactly(Observable.ip("203.0.113.45"));
  }

  @Test
  void updatesAnOpenIncidentAndAppendsToItsTimelineInOrder() {
    Incident i = newIncident("shop-a", T0);
    Instant later = T0.plusSeconds(60);
    Incident updated = incident(i.id(), "shop-a", T0, later, Severity.CRITICAL, 2);
    Alert second = alert("shop-a", later, Severity.CRITICAL).withIncident(i.id());
    record(second, updated, false, new TimelineEntry(later, "alert", "second", second.id()));

    Incident read = store.incidents().get(TenantScope.of("shop-a"), i.id()).orElseThrow();

    assertThat(read.alertCount()).isEqualTo(2);
    assertThat(read.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(read.lastSeen()).isEqualTo(later);
    assertThat(read.timeline()).extracting(TimelineEntry::text).containsExactly("first", "second");
  }

  @Test
  void findsTheOpenIncidentSharingAnEntity() {
    Incident i = newIncident("shop-a", T0);

    assertThat(open("shop-a", "shop.example.jp", "ip:203.0.113.45"))
        .map(Incident::id)
        .contains(i.id());
  }

  @Test
  void findsNoIncidentOfAnotherShop() {
    newIncident("shop-a", T0);

    assertThat(open("shop-a", "other", "ip:203.0.113.45")).isEmpty();
  }

  @Test
  void findsNoIncidentOfAnotherTenant() {
    newIncident("shop-a", T0);

    assertThat(open("shop-b", "shop.example.jp", "ip:203.0.113.45")).isEmpty();
  }

  @Test
  void findsNoIncidentSharingNothing() {
    newIncident("shop-a", T0);

    assertThat(open("shop-a", "shop.example.jp", "ip:192.0.2.1")).isEmpty();
  }

  @Test
  void findsNoIncidentQuietSinceBeforeTheWindow() {
    newIncident("shop-a", T0);

    assertThat(
            store
                .incidents()
                .findOpen(
                    "shop-a",
                    "shop.example.jp",
                    Set.of("ip:203.0.113.45"),
                    T0.plusSeconds(1),
                    false,
                    T0))
        .isEmpty();
  }

  @Test
  void findsTheChainIncidentOfTheShopWithoutASharedEntity() {
    Incident chain =
        new Incident(
            "chain-1",
            "shop-a",
            "shop.example.jp",
            "XSS",
            IncidentStatus.NEW,
            Severity.HIGH,
            1,
            T0,
            T0,
            List.of(),
            Set.of(),
            1,
            null);
    record(
        alert("shop-a", T0, Severity.HIGH).withIncident("chain-1"),
        chain,
        true,
        new TimelineEntry(T0, "alert", "xss", null));

    assertThat(
            store
                .incidents()
                .findOpen(
                    "shop-a",
                    "shop.example.jp",
                    Set.of("ip:10.0.0.5"),
                    T0,
                    true,
                    T0.minusSeconds(86400)))
        .map(Incident::id)
        .contains("chain-1");
  }

  private java.util.Optional<Incident> open(String tenant, String asset, String entity) {
    return store
        .incidents()
        .findOpen(tenant, asset, Set.of(entity), T0.minusSeconds(3600), false, T0);
  }

  @Test
  void listsIncidentsByLatestActivityWithPaging() {
    Incident older = newIncident("shop-a", T0);
    Incident newer = newIncident("shop-a", T0.plusSeconds(3600));
    Incident newest = newIncident("shop-a", T0.plusSeconds(7200));

    Page<Incident> first = store.incidents().list(TenantScope.of("shop-a"), null, 2, 0);
    Page<Incident> second = store.incidents().list(TenantScope.of("shop-a"), null, 2, 2);

    assertThat(first.total()).isEqualTo(3);
    assertThat(first.items()).extracting(Incident::id).containsExactly(newest.id(), newer.id());
    assertThat(second.items()).extracting(Incident::id).containsExactly(older.id());
  }

  @Test
  void pagingByCursorWhileIncidentsAreAddedReturnsEveryEarlierIncidentOnce() {
    List<String> before = new java.util.ArrayList<>();
    for (int n = 0; n < 7; n++) {
      // Two of each time: the id orders incidents last seen at once.
      before.add(newIncident("shop-a", T0.plusSeconds(n / 2)).id());
    }
    List<String> seen = new java.util.ArrayList<>();
    Cursor after = null;
    do {
      Page<Incident> page = store.incidents().listAfter(TenantScope.of("shop-a"), null, 2, after);
      page.items().forEach(i -> seen.add(i.id()));
      newIncident("shop-a", T0.plusSeconds(3600 + seen.size()));
      after = page.next();
    } while (after != null);

    assertThat(seen.stream().filter(before::contains)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void theLastPageHasNoNextCursor() {
    newIncident("shop-a", T0);
    newIncident("shop-a", T0.plusSeconds(1));

    Page<Incident> page = store.incidents().listAfter(TenantScope.of("shop-a"), null, 2, null);

    assertThat(page.next()).isNull();
  }

  @Test
  void anOffsetPageGivesTheCursorOfItsLastIncident() {
    newIncident("shop-a", T0);
    Incident middle = newIncident("shop-a", T0.plusSeconds(1));
    newIncident("shop-a", T0.plusSeconds(2));

    Page<Incident> page = store.incidents().list(TenantScope.of("shop-a"), null, 1, 1);

    assertThat(page.next()).isEqualTo(new Cursor(T0.plusSeconds(1).toEpochMilli(), middle.id()));
  }

  @Test
  void aCursorDoesNotWidenTheScope() {
    newIncident("shop-a", T0);
    Incident b = newIncident("shop-b", T0.plusSeconds(1));

    Page<Incident> page =
        store
            .incidents()
            .listAfter(
                TenantScope.of("shop-b"),
                null,
                10,
                new Cursor(T0.plusSeconds(60).toEpochMilli(), "0"));

    assertThat(page.items()).extracting(Incident::id).containsExactly(b.id());
  }

  @Test
  void pagingAlertsByCursorWhileAlertsAreAddedReturnsEveryEarlierAlertOnce() {
    List<String> before = new java.util.ArrayList<>();
    for (int n = 0; n < 5; n++) {
      Incident i = newIncident("shop-a", T0.plusSeconds(n));
      before.addAll(
          store.incidents().alerts(TenantScope.of("shop-a"), i.id(), 10, 0).items().stream()
              .map(Alert::id)
              .toList());
    }
    List<String> seen = new java.util.ArrayList<>();
    Cursor after = null;
    do {
      Page<Alert> page = store.incidents().alertsAfter(TenantScope.of("shop-a"), null, 2, after);
      page.items().forEach(a -> seen.add(a.id()));
      newIncident("shop-a", T0.plusSeconds(3600 + seen.size()));
      after = page.next();
    } while (after != null);

    assertThat(seen.stream().filter(before::contains)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void pagingTheAlertsOfARuleFamilyByCursorReturnsEachOnce() {
    for (int n = 0; n < 5; n++) {
      newIncident("shop-a", T0.plusSeconds(n));
    }
    List<String> seen = new java.util.ArrayList<>();
    Cursor after = null;
    do {
      Page<Alert> page =
          store.incidents().alertsOfRulesAfter(TenantScope.of("shop-a"), "mm-test-", 2, after);
      page.items().forEach(a -> seen.add(a.id()));
      after = page.next();
    } while (after != null);

    assertThat(seen).doesNotHaveDuplicates().hasSize(5);
  }

  @Test
  void filtersTheAuditLogByActorBeforeTheLimit() {
    store.audit().record("shop-a", "Alice", "login", null, "ok", null, null);
    clock.advance(Duration.ofSeconds(1));
    for (int n = 0; n < 5; n++) {
      store.audit().record("shop-a", "bob", "login", null, "ok", null, null);
    }

    assertThat(
            store
                .audit()
                .page(TenantScope.of("shop-a"), T0, T0.plusSeconds(60), 2, null, "alice", null)
                .items())
        .extracting(AuditRepository.Entry::actor)
        .containsExactly("Alice");
  }

  @Test
  void pagingTheAuditLogByCursorWhileEntriesAreAddedReturnsEveryEarlierEntryOnce() {
    for (int n = 0; n < 5; n++) {
      // Entries of one millisecond: the id orders them.
      store.audit().record("shop-a", "alice", "login", null, "ok", null, null);
    }
    List<String> before =
        store.audit().list(TenantScope.of("shop-a"), T0, T0.plusSeconds(60), 10).stream()
            .map(AuditRepository.Entry::id)
            .toList();
    List<String> seen = new java.util.ArrayList<>();
    Cursor after = null;
    do {
      Page<AuditRepository.Entry> page =
          store.audit().page(TenantScope.of("shop-a"), T0, T0.plusSeconds(60), 2, after);
      page.items().forEach(e -> seen.add(e.id()));
      clock.advance(Duration.ofSeconds(1));
      store.audit().record("shop-a", "bob", "login", null, "ok", null, null);
      after = page.next();
    } while (after != null);

    assertThat(seen.stream().filter(before::contains)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void filtersIncidentsByStatus() {
    newIncident("shop-a", T0);

    assertThat(store.incidents().list(TenantScope.of("shop-a"), IncidentStatus.NEW, 10, 0).total())
        .isEqualTo(1);
    assertThat(
            store
                .incidents()
                .list(TenantScope.of("shop-a"), IncidentStatus.RESOLVED, 10, 0)
                .total())
        .isZero();
  }

  @Test
  void tenantScopeHidesAnotherTenantsIncidents() {
    Incident a = newIncident("shop-a", T0);
    newIncident("shop-b", T0);

    assertThat(store.incidents().list(TenantScope.of("shop-b"), null, 10, 0).items())
        .extracting(Incident::tenant)
        .containsOnly("shop-b");
    assertThat(store.incidents().get(TenantScope.of("shop-b"), a.id())).isEmpty();
    assertThat(store.incidents().alerts(TenantScope.of("shop-b"), a.id(), 10, 0).items()).isEmpty();
  }

  @Test
  void allTenantsScopeSeesEveryTenant() {
    newIncident("shop-a", T0);
    newIncident("shop-b", T0);

    assertThat(store.incidents().list(TenantScope.allTenants(), null, 10, 0).items())
        .extracting(Incident::tenant)
        .containsExactlyInAnyOrder("shop-a", "shop-b");
  }

  @Test
  void refusesAnAlertWhoseTenantDiffersFromItsIncident() {
    Incident i = incident("x", "shop-a", T0, T0, Severity.LOW, 1);
    Alert a = alert("shop-b", T0, Severity.LOW).withIncident("x");

    assertThatThrownBy(() -> record(a, i, true, new TimelineEntry(T0, "alert", "t", a.id())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.incidents().list(TenantScope.allTenants(), null, 10, 0).total()).isZero();
  }

  @Test
  void rejectsPagesOutsideTheLimits() {
    assertThatThrownBy(() -> store.incidents().list(TenantScope.allTenants(), null, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.incidents().list(TenantScope.allTenants(), null, 501, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authenticatesOnlyWithTheRightPassword() {
    store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);

    assertThat(store.users().authenticate("alice", "correct horse battery"))
        .map(User::username)
        .contains("alice");
    assertThat(store.users().authenticate("alice", "wrong password here")).isEmpty();
    assertThat(store.users().authenticate("nobody", "correct horse battery")).isEmpty();
  }

  @Test
  void storesPasswordsAsArgon2idHashes() {
    store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);

    String hash =
        store
            .database()
            .withHandle(
                TenantScope.allTenants(),
                h ->
                    h.createQuery("SELECT password_hash FROM users WHERE username = 'alice'")
                        .mapTo(String.class)
                        .one());

    assertThat(hash).startsWith("$argon2id$v=19$").doesNotContain("correct horse battery");
  }

  @Test
  void refusesAPasswordShorterThanTwelveCharacters() {
    assertThatThrownBy(() -> store.users().create("shop-a", "bob", "short", User.VIEWER))
        .hasMessageContaining("12 characters");
  }

  @Test
  void findsTheUserOfAnIssuedToken() {
    User alice = store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    String token = store.users().issueToken(alice, Duration.ofHours(1));

    assertThat(store.users().findByToken(token)).contains(alice);
    assertThat(store.users().findByToken(token + "x")).isEmpty();
  }

  @Test
  void rejectsAnExpiredToken() {
    User alice = store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    String token = store.users().issueToken(alice, Duration.ofHours(1));

    clock.advance(Duration.ofHours(2));

    assertThat(store.users().findByToken(token)).isEmpty();
  }

  @Test
  void storesTokensOnlyAsDigests() {
    User alice = store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    String token = store.users().issueToken(alice, Duration.ofHours(1));

    List<String> stored =
        store
            .database()
            .withHandle(
                TenantScope.allTenants(),
                h -> h.createQuery("SELECT token_hash FROM api_tokens").mapTo(String.class).list());

    assertThat(stored).containsExactly(UserRepository.digest(token)).doesNotContain(token);
  }

  @Test
  void viewerScopeIsItsOwnTenantAndOnlyOperatorAdminsSeeAll() {
    store.tenants().ensure(User.OPERATOR_TENANT, "SOC");
    User viewer = store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    User shopAdmin =
        store.users().create("shop-a", "shopadmin", "correct horse battery", User.ADMIN);
    User operator =
        store.users().create(User.OPERATOR_TENANT, "soc", "correct horse battery", User.ADMIN);

    assertThat(viewer.scope()).isEqualTo(TenantScope.of("shop-a"));
    assertThat(shopAdmin.scope()).isEqualTo(TenantScope.of("shop-a"));
    assertThat(operator.scope().all()).isTrue();
  }

  // --- tenancy --------------------------------------------------------------------------------

  @Test
  void anAnalystSeesItsAssignedTenants() {
    User analyst = store.users().create("shop-a", "ana", "correct horse battery", User.ANALYST);
    store.users().update(analyst.id(), null, List.of("shop-b"));

    User read = store.users().authenticate("ana", "correct horse battery").orElseThrow();

    assertThat(read.scope().tenants()).containsExactlyInAnyOrder("shop-a", "shop-b");
  }

  @Test
  void aDemotedAnalystLosesItsAssignedTenants() {
    User analyst = store.users().create("shop-a", "ana2", "correct horse battery", User.ANALYST);
    store.users().update(analyst.id(), null, List.of("shop-b"));

    store.users().update(analyst.id(), User.VIEWER, null);

    assertThat(store.users().find(TenantScope.allTenants(), analyst.id()).orElseThrow().assigned())
        .isEmpty();
  }

  @Test
  void theOldOperatorRoleIsStoredAsAnalyst() {
    assertThat(store.users().create("shop-a", "op", "correct horse battery", "operator").role())
        .isEqualTo(User.ANALYST);
  }

  @Test
  void aCustomerAcknowledgesButDoesNotRespond() {
    User c = store.users().create("shop-a", "cust", "correct horse battery", User.CUSTOMER);

    assertThat(c.canAcknowledge() && !c.canRespond()).isTrue();
  }

  @Test
  void refusesAnUnknownRole() {
    assertThatThrownBy(() -> store.users().create("shop-a", "x", "correct horse battery", "root"))
        .hasMessageContaining("role must be");
  }

  @Test
  void aDisabledUserCannotLogInAndLosesItsTokens() {
    User u = store.users().create("shop-a", "gone", "correct horse battery", User.CUSTOMER);
    String token = store.users().issueToken(u, Duration.ofHours(1));

    store.users().setDisabled(u.id(), true);

    assertThat(store.users().authenticate("gone", "correct horse battery")).isEmpty();
    assertThat(store.users().findByToken(token)).isEmpty();
  }

  @Test
  void listsOnlyTheScopesUsers() {
    store.users().create("shop-a", "a1", "correct horse battery", User.CUSTOMER);
    store.users().create("shop-b", "b1", "correct horse battery", User.CUSTOMER);

    assertThat(store.users().list(TenantScope.of("shop-b")))
        .extracting(UserRepository.Account::username)
        .containsExactly("b1");
  }

  @Test
  void createsATenantWithAnIdFromItsName() {
    assertThat(store.tenants().create("Furusato Shop", null).id()).isEqualTo("furusato-shop");
  }

  @Test
  void aJapaneseTenantNameGetsAGeneratedId() {
    assertThat(store.tenants().create("ふるさと納税ショップ", null).id()).matches("t-[0-9a-f]{8}");
  }

  @Test
  void refusesATakenTenantId() {
    assertThatThrownBy(() -> store.tenants().create("Shop A", "shop-a"))
        .hasMessageContaining("taken");
  }

  @Test
  void listsOnlyTheScopesTenants() {
    assertThat(store.tenants().list(TenantScope.of("shop-b")))
        .extracting(TenantRepository.Tenant::id)
        .containsExactly("shop-b");
  }

  @Test
  void aSiteOfAnotherTenantIsNotFound() {
    SiteRepository.Site s =
        store
            .sites()
            .create(
                "shop-a",
                "main",
                List.of("https://shop.example.jp/"),
                List.of(),
                List.of(),
                "ec-cube",
                "4.2.3");

    assertThat(store.sites().find(TenantScope.of("shop-b"), s.id())).isEmpty();
    assertThat(store.sites().find(TenantScope.of("shop-a"), s.id())).isPresent();
  }

  private SiteRepository.Site shopASite() {
    return store
        .sites()
        .create(
            "shop-a",
            "main",
            List.of("https://shop.example.jp/"),
            List.of(),
            List.of(),
            null,
            null);
  }

  @Test
  void aCspReportTokenFindsItsSite() {
    SiteRepository.Site s = shopASite();
    String token = store.sites().rotateCspToken(TenantScope.of("shop-a"), s.id()).orElseThrow();

    assertThat(store.sites().findByCspToken(token).map(SiteRepository.Site::id)).contains(s.id());
  }

  @Test
  void aRotatedCspReportTokenNoLongerFindsTheSite() {
    SiteRepository.Site s = shopASite();
    String old = store.sites().rotateCspToken(TenantScope.of("shop-a"), s.id()).orElseThrow();
    store.sites().rotateCspToken(TenantScope.of("shop-a"), s.id()).orElseThrow();

    assertThat(store.sites().findByCspToken(old)).isEmpty();
  }

  @Test
  void anotherTenantCannotRotateASitesCspReportToken() {
    SiteRepository.Site s = shopASite();

    assertThat(store.sites().rotateCspToken(TenantScope.of("shop-b"), s.id())).isEmpty();
  }

  @Test
  void anAuditEntryIsSeenByItsTenantAndTheSocOnly() {
    store.audit().record("shop-a", "alice", "login", null, "ok", "192.0.2.1", null);

    assertThat(
            store.audit().list(TenantScope.of("shop-a"), T0.minusSeconds(1), T0.plusSeconds(1), 10))
        .hasSize(1);
    assertThat(
            store.audit().list(TenantScope.of("shop-b"), T0.minusSeconds(1), T0.plusSeconds(1), 10))
        .isEmpty();
    assertThat(
            store.audit().list(TenantScope.allTenants(), T0.minusSeconds(1), T0.plusSeconds(1), 10))
        .hasSize(1);
  }

  @Test
  void aSignInByAnUnknownNameIsTheSocsOnly() {
    store.audit().record(null, "nobody", "login", null, "refused", "192.0.2.1", null);

    assertThat(
            store.audit().list(TenantScope.of("shop-a"), T0.minusSeconds(1), T0.plusSeconds(1), 10))
        .isEmpty();
  }

  @Test
  void savesAndLoadsSourceCheckpoints() {
    SourceSpec src =
        new SourceSpec(Path.of("/var/log/nginx/access.log"), "combined", "shop-a", "shop", true);

    store.checkpoints().save(src, new CheckpointStore.Checkpoint(100, 5));
    store.checkpoints().save(src, new CheckpointStore.Checkpoint(250, 9, "(dev=803,ino=42)"));

    assertThat(store.checkpoints().load(src))
        .contains(new CheckpointStore.Checkpoint(250, 9, "(dev=803,ino=42)"));
  }

  @Test
  void keepsEverythingAcrossAReopen() {
    Incident i = newIncident("shop-a", T0);
    store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    store.close();

    store = Store.open(config, clock);

    assertThat(store.incidents().get(TenantScope.of("shop-a"), i.id())).isPresent();
    assertThat(store.users().authenticate("alice", "correct horse battery")).isPresent();
  }

  @Test
  void ensuresATenantOnlyOnce() {
    store.tenants().ensure("shop-a", "Shop A again");

    assertThat(store.tenants().ids()).containsExactly("shop-a", "shop-b");
  }

  @Test
  void endsEveryTokenWhenThePasswordChanges() {
    User alice = store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    String token = store.users().issueToken(alice, Duration.ofHours(1));

    store.users().setPassword("alice", "another long password");

    assertThat(store.users().findByToken(token)).isEmpty();
  }

  @Test
  void purgesExpiredTokensWhenIssuingANewOne() {
    User alice = store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    store.users().issueToken(alice, Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2));

    store.users().issueToken(alice, Duration.ofHours(1));

    long stored =
        store
            .database()
            .withHandle(
                TenantScope.allTenants(),
                h -> h.createQuery("SELECT COUNT(*) FROM api_tokens").mapTo(Long.class).one());
    assertThat(stored).isEqualTo(1);
  }

  @Test
  void returnsOnlyTheNewestTimelineEntriesOfAnEndlessIncident() {
    Incident i = newIncident("shop-a", T0);
    for (int n = 1; n <= IncidentRepository.MAX_TIMELINE; n++) {
      Instant at = T0.plusSeconds(n);
      Alert a = alert("shop-a", at, Severity.HIGH).withIncident(i.id());
      record(
          a,
          incident(i.id(), "shop-a", T0, at, Severity.HIGH, n + 1),
          false,
          new TimelineEntry(at, "alert", "entry " + n, a.id()));
    }

    List<TimelineEntry> timeline =
        store.incidents().get(TenantScope.of("shop-a"), i.id()).orElseThrow().timeline();

    assertThat(timeline).hasSize(IncidentRepository.MAX_TIMELINE);
    assertThat(timeline.get(0).text()).isEqualTo("entry 1");
    assertThat(timeline.get(timeline.size() - 1).text())
        .isEqualTo("entry " + IncidentRepository.MAX_TIMELINE);
  }

  // --- ingest keys ----------------------------------------------------------------------------

  @Test
  void issuesAnIngestKeyThatAuthenticatesAsItsTenantAndAsset() {
    IngestKeyRepository.Issued issued =
        store.ingestKeys().issue("shop-a", "fluent-bit on web1", "web1", "alice");

    assertThat(issued.secret()).startsWith("mmk_").hasSize(4 + 43);
    assertThat(store.ingestKeys().authenticate(issued.secret()))
        .map(k -> k.tenant() + "/" + k.asset() + "/" + k.name())
        .contains("shop-a/web1/fluent-bit on web1");
  }

  @Test
  void storesIngestKeysOnlyAsDigests() {
    String secret = store.ingestKeys().issue("shop-a", "vector", null, "alice").secret();

    List<String> stored =
        store
            .database()
            .withHandle(
                TenantScope.allTenants(),
                h -> h.createQuery("SELECT key_hash FROM ingest_keys").mapTo(String.class).list());

    assertThat(stored).containsExactly(UserRepository.digest(secret)).doesNotContain(secret);
  }

  @Test
  void refusesAnUnknownIngestKeyAndAnApiToken() {
    User alice = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    String token = store.users().issueToken(alice, Duration.ofHours(1));
    String secret = store.ingestKeys().issue("shop-a", "vector", null, "alice").secret();

    assertThat(store.ingestKeys().authenticate(secret + "x")).isEmpty();
    assertThat(store.ingestKeys().authenticate(token)).isEmpty();
  }

  @Test
  void refusesARevokedIngestKeyAtOnce() {
    IngestKeyRepository.Issued issued = store.ingestKeys().issue("shop-a", "vector", null, "a");

    IngestKey revoked =
        store.ingestKeys().revoke(TenantScope.of("shop-a"), issued.key().id()).orElseThrow();

    assertThat(revoked.revokedAt()).isEqualTo(T0);
    assertThat(store.ingestKeys().authenticate(issued.secret())).isEmpty();
  }

  @Test
  void listsOnlyTheIngestKeysOfTheScopesTenants() {
    store.ingestKeys().issue("shop-a", "a-key", null, "a");
    store.ingestKeys().issue("shop-b", "b-key", null, "b");

    assertThat(store.ingestKeys().list(TenantScope.of("shop-a")))
        .extracting(IngestKey::name)
        .containsExactly("a-key");
    assertThat(store.ingestKeys().list(TenantScope.allTenants())).hasSize(2);
  }

  @Test
  void cannotRevokeAnotherTenantsIngestKey() {
    IngestKeyRepository.Issued b = store.ingestKeys().issue("shop-b", "b-key", null, "b");

    assertThat(store.ingestKeys().revoke(TenantScope.of("shop-a"), b.key().id())).isEmpty();
    assertThat(store.ingestKeys().authenticate(b.secret())).isPresent();
  }

  @Test
  void recordsAnIngestKeysLastUseAtMostOncePerMinute() {
    IngestKeyRepository.Issued issued = store.ingestKeys().issue("shop-a", "vector", null, "a");
    store.ingestKeys().authenticate(issued.secret());
    clock.advance(Duration.ofSeconds(30));
    store.ingestKeys().authenticate(issued.secret());
    Instant afterHalfAMinute = lastUsed(issued);
    clock.advance(Duration.ofSeconds(31));
    store.ingestKeys().authenticate(issued.secret());

    assertThat(afterHalfAMinute).isEqualTo(T0);
    assertThat(lastUsed(issued)).isEqualTo(T0.plusSeconds(61));
  }

  private Instant lastUsed(IngestKeyRepository.Issued issued) {
    return store
        .ingestKeys()
        .get(TenantScope.allTenants(), issued.key().id())
        .orElseThrow()
        .lastUsedAt();
  }

  @Test
  void refusesAnIngestKeyForAnUnknownTenantOrABadAsset() {
    assertThatThrownBy(() -> store.ingestKeys().issue("nobody", "k", null, "a"))
        .hasMessageContaining("no tenant 'nobody'");
    assertThatThrownBy(() -> store.ingestKeys().issue("shop-a", "k", "../etc", "a"))
        .hasMessageContaining("asset");
    assertThatThrownBy(() -> store.ingestKeys().issue("shop-a", " ", null, "a"))
        .hasMessageContaining("name");
  }

  @Test
  void migratesAVersion2DatabaseToIngestKeysKeepingItsData() {
    store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    store
        .database()
        .jdbi()
        .useHandle(
            h -> {
              // Back to version 2: later migrations' tables go too.
              undoVersions5And6(h);
              h.execute("DROP TABLE rule_exceptions");
              h.execute("DROP TABLE rule_default_settings");
              h.execute("DROP TABLE rule_tenant_settings");
              h.execute("DROP TABLE ingest_keys");
              h.execute(
                  "DELETE FROM flyway_schema_history WHERE version IN ('3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '18.1', '19', '19.1', '20', '20.1', '21', '21.1', '22', '22.1')");
            });
    store.close();

    store = Store.open(config, clock);
    String secret = store.ingestKeys().issue("shop-a", "vector", null, "a").secret();

    assertThat(store.ingestKeys().authenticate(secret)).isPresent();
    assertThat(store.users().authenticate("alice", "correct horse battery")).isPresent();
  }

  static RuleTuningRepository.NewException cidrException(String tenant, String reason) {
    return new RuleTuningRepository.NewException(
        tenant,
        "mm-web-xss-payload",
        "source.ip",
        "cidr",
        "198.51.100.0/24",
        T0.plus(Duration.ofDays(7)),
        reason,
        "alice");
  }

  // --- second factor ------------------------------------------------------------------------

  @Test
  void acceptsATotpStepOnce() {
    User u = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    store.secondFactors().begin(u.id(), "sealed");
    store.secondFactors().use(u.id(), 1000);

    assertThat(store.secondFactors().use(u.id(), 1000)).isFalse();
  }

  @Test
  void refusesAnOlderTotpStepThanTheLastAccepted() {
    User u = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    store.secondFactors().begin(u.id(), "sealed");
    store.secondFactors().use(u.id(), 1000);

    assertThat(store.secondFactors().use(u.id(), 999)).isFalse();
  }

  @Test
  void confirmsAnEnrollmentWithItsFirstCode() {
    User u = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    store.secondFactors().begin(u.id(), "sealed");
    store.secondFactors().use(u.id(), 1000);

    assertThat(store.secondFactors().enrolled(u.id())).isTrue();
  }

  @Test
  void keepsAPendingEnrollmentUnconfirmed() {
    User u = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    store.secondFactors().begin(u.id(), "sealed");

    assertThat(store.secondFactors().enrolled(u.id())).isFalse();
  }

  @Test
  void refusesANewSecretOverAConfirmedOne() {
    User u = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    store.secondFactors().begin(u.id(), "sealed");
    store.secondFactors().use(u.id(), 1000);

    assertThat(store.secondFactors().begin(u.id(), "other")).isFalse();
  }

  @Test
  void takesANewSecretAfterAReset() {
    User u = store.users().create("shop-a", "alice", "correct horse battery", User.ADMIN);
    store.secondFactors().begin(u.id(), "sealed");
    store.secondFactors().use(u.id(), 1000);
    store.secondFactors().reset(u.id());

    assertThat(store.secondFactors().begin(u.id(), "other")).isTrue();
  }

  @Test
  void switchesARuleOffForOneTenantOnly() {
    store
        .ruleTuning()
        .setEnabled(TenantScope.allTenants(), "shop-a", "mm-web-xss-payload", false, "admin");

    assertThat(store.ruleTuning().settings(TenantScope.allTenants()))
        .extracting(RuleSetting::tenant, RuleSetting::ruleId, RuleSetting::enabled)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shop-a", "mm-web-xss-payload", false));
  }

  @Test
  void changesARuleSettingInPlace() {
    var tuning = store.ruleTuning();
    tuning.setEnabled(TenantScope.of("shop-a"), "shop-a", "mm-web-xss-payload", false, "alice");
    clock.advance(Duration.ofMinutes(1));
    tuning.setEnabled(TenantScope.of("shop-a"), "shop-a", "mm-web-xss-payload", true, "bob");

    assertThat(tuning.settings(TenantScope.of("shop-a")))
        .extracting(RuleSetting::enabled, RuleSetting::updatedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "bob"));
  }

  @Test
  void keepsTheDefaultForEveryTenantApartFromTheTenantsSettings() {
    store
        .ruleTuning()
        .setEnabled(TenantScope.allTenants(), null, "mm-web-404-storm", false, "admin");

    assertThat(store.ruleTuning().defaults())
        .extracting(RuleSetting::tenant, RuleSetting::ruleId, RuleSetting::enabled)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "mm-web-404-storm", false));
    assertThat(store.ruleTuning().settings(TenantScope.allTenants())).isEmpty();
  }

  @Test
  void refusesATenantScopeAnotherTenantsRulesAndTheDefault() {
    var tuning = store.ruleTuning();

    assertThat(tuning.setEnabled(TenantScope.of("shop-a"), "shop-b", "r", false, "alice"))
        .isEmpty();
    assertThat(tuning.setEnabled(TenantScope.of("shop-a"), null, "r", false, "alice")).isEmpty();
    assertThat(tuning.settings(TenantScope.allTenants())).isEmpty();
    assertThat(tuning.defaults()).isEmpty();
  }

  @Test
  void storesAnExceptionWithItsReasonExpiryAndAuthor() {
    RuleExceptionEntry made =
        store
            .ruleTuning()
            .addException(TenantScope.of("shop-a"), cidrException("shop-a", "our own scanner"))
            .orElseThrow();

    assertThat(store.ruleTuning().exception(TenantScope.of("shop-a"), made.id()))
        .contains(made)
        .get()
        .extracting(
            RuleExceptionEntry::reason,
            RuleExceptionEntry::expiresAt,
            RuleExceptionEntry::createdBy,
            RuleExceptionEntry::value)
        .containsExactly(
            "our own scanner", T0.plus(Duration.ofDays(7)), "alice", "198.51.100.0/24");
  }

  @Test
  void showsATenantItsOwnExceptionsAndThoseOfEveryTenantButNoOtherTenants() {
    var tuning = store.ruleTuning();
    String own =
        tuning
            .addException(TenantScope.allTenants(), cidrException("shop-a", "a"))
            .orElseThrow()
            .id();
    String all =
        tuning
            .addException(TenantScope.allTenants(), cidrException(null, "all"))
            .orElseThrow()
            .id();
    tuning.addException(TenantScope.allTenants(), cidrException("shop-b", "b"));

    assertThat(tuning.exceptions(TenantScope.of("shop-a")))
        .extracting(RuleExceptionEntry::id)
        .containsExactlyInAnyOrder(own, all);
  }

  @Test
  void cannotDeleteAnotherTenantsExceptionOrOneOfEveryTenant() {
    var tuning = store.ruleTuning();
    String other =
        tuning
            .addException(TenantScope.allTenants(), cidrException("shop-b", "b"))
            .orElseThrow()
            .id();
    String all =
        tuning
            .addException(TenantScope.allTenants(), cidrException(null, "all"))
            .orElseThrow()
            .id();

    assertThat(tuning.deleteException(TenantScope.of("shop-a"), other)).isFalse();
    assertThat(tuning.deleteException(TenantScope.of("shop-a"), all)).isFalse();
    assertThat(tuning.exceptions(TenantScope.allTenants())).hasSize(2);
  }

  @Test
  void refusesATenantScopeAnExceptionForEveryTenant() {
    assertThat(store.ruleTuning().addException(TenantScope.of("shop-a"), cidrException(null, "x")))
        .isEmpty();
  }

  @Test
  void refusesAnExceptionWithoutAReason() {
    assertThatThrownBy(
            () ->
                store
                    .ruleTuning()
                    .addException(TenantScope.allTenants(), cidrException("shop-a", "  ")))
        .hasMessageContaining("reason");
  }

  @Test
  void migratesAVersion3DatabaseToRuleTuningKeepingItsData() {
    store.users().create("shop-a", "alice", "correct horse battery", User.VIEWER);
    store
        .database()
        .jdbi()
        .useHandle(
            h -> {
              undoVersions5And6(h);
              h.execute("DROP TABLE rule_exceptions");
              h.execute("DROP TABLE rule_default_settings");
              h.execute("DROP TABLE rule_tenant_settings");
              h.execute(
                  "DELETE FROM flyway_schema_history WHERE version IN ('4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '18.1', '19', '19.1', '20', '20.1', '21', '21.1', '22', '22.1')");
            });
    store.close();

    store = Store.open(config, clock);
    store.ruleTuning().setEnabled(TenantScope.allTenants(), "shop-a", "r", false, "admin");

    assertThat(store.ruleTuning().settings(TenantScope.of("shop-a"))).hasSize(1);
    assertThat(store.users().authenticate("alice", "correct horse battery")).isPresent();
  }

  // --- agent commands: local response through an agent ---------------------------------------

  AgentCommandRepository.Command agentCommand(String agentId) {
    return store
        .agentCommands()
        .queue(
            new AgentCommandRepository.NewCommand(
                "shop-a",
                agentId,
                "inc-1",
                "quarantine",
                "quarantine-file",
                false,
                new Observable(Observable.Type.FILE_PATH, "/var/www/html/x.php"),
                Duration.ofHours(1),
                false,
                "admin"));
  }

  @Test
  void anAgentCommandIsFinishedOnlyByItsFirstResult() {
    String id = agentCommand("agt_1").id();
    store.agentCommands().finish(id, "done", true, false, "quarantined");

    assertThat(store.agentCommands().finish(id, "failed", false, false, "again")).isFalse();
  }

  @Test
  void anAgentGetsOnlyItsOwnUnfinishedCommands() {
    String mine = agentCommand("agt_1").id();
    agentCommand("agt_2");

    assertThat(store.agentCommands().pendingFor("agt_1", 50))
        .extracting(AgentCommandRepository.Command::id)
        .containsExactly(mine);
  }

  @Test
  void aCommandFinishedBeforeTheWaitEndedIsNotMarkedLate() {
    String id = agentCommand("agt_1").id();
    store.agentCommands().finish(id, "done", true, false, "quarantined");

    assertThat(store.agentCommands().giveUpWaiting(id)).isFalse();
  }

  /** Takes a database back to before V5 (lifecycle names) and V6 (grouping, outbox). */
  static void undoVersions5And6(org.jdbi.v3.core.Handle h) {
    h.execute("DROP TABLE agent_commands");
    h.execute("DROP TABLE agent_configs");
    h.execute("DROP TABLE agents");
    h.execute("DROP TABLE agent_enrollment_tokens");
    h.execute("DROP TABLE page_scripts");
    h.execute("DROP TABLE page_monitors");
    for (String t :
        new String[] {
          "vuln_accepted_risks",
          "vuln_findings",
          "site_software",
          "vuln_advisory_aliases",
          "vuln_advisories"
        }) {
      h.execute("DROP TABLE " + t);
    }
    h.execute("DROP TABLE user_totp");
    h.execute("ALTER TABLE users DROP COLUMN password_changed_at");
    h.execute("ALTER TABLE api_tokens DROP COLUMN scope");
    h.execute("DROP TABLE audit_log");
    h.execute("DROP TABLE uptime_status");
    h.execute("DROP TABLE uptime_monitors");
    h.execute("DROP TABLE sites");
    h.execute("DROP TABLE user_tenants");
    h.execute("ALTER TABLE users DROP COLUMN disabled_at");
    h.execute("ALTER TABLE tenants DROP COLUMN disabled_at");
    h.execute("DROP TABLE response_actions");
    h.execute("DROP TABLE incident_escalations");
    h.execute("DROP TABLE notification_outbox");
    h.execute("DROP TABLE reports");
    h.execute("DROP TABLE incident_observables");
    h.execute("DROP TABLE incident_entities");
    h.execute("DROP INDEX incidents_open_asset");
    for (String c : List.of("chain_stage", "assignee", "merged_into", "entity_count")) {
      h.execute("ALTER TABLE incidents DROP COLUMN " + c);
    }
    h.execute("ALTER TABLE incident_timeline DROP COLUMN actor");
  }

  // --- lifecycle: what people do to incidents -------------------------------------------------

  IncidentLifecycle lifecycle() {
    return new IncidentLifecycle(
        store,
        new NotificationPlanner() {
          @Override
          public List<OutboxMessage> onStatusChange(
              Incident incident, IncidentStatus from, String actor) {
            return List.of(message("status-" + incident.status().label(), incident));
          }
        },
        clock);
  }

  static OutboxMessage message(String id, Incident i) {
    return new OutboxMessage(
        id,
        i.tenant(),
        i.id(),
        "soc-slack",
        Notification.Kind.STATUS_CHANGED,
        "ja",
        null,
        null,
        null,
        T0);
  }

  @Test
  void acknowledgesANewIncident() {
    Incident i = newIncident("shop-a", T0);

    Incident acked = lifecycle().acknowledge(TenantScope.of("shop-a"), i.id(), "hanako");

    assertThat(acked.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
  }

  @Test
  void putsTheAuthorOfAStatusChangeOnTheTimeline() {
    Incident i = newIncident("shop-a", T0);

    Incident acked = lifecycle().acknowledge(TenantScope.of("shop-a"), i.id(), "hanako");

    assertThat(acked.timeline().get(acked.timeline().size() - 1))
        .extracting(TimelineEntry::kind, TimelineEntry::text, TimelineEntry::actor)
        .containsExactly("status", "status new → acknowledged", "hanako");
  }

  @Test
  void acknowledgingTwiceIsNoError() {
    Incident i = newIncident("shop-a", T0);
    lifecycle().acknowledge(TenantScope.of("shop-a"), i.id(), "hanako");

    Incident again = lifecycle().acknowledge(TenantScope.of("shop-a"), i.id(), "taro");

    assertThat(again.timeline()).filteredOn(e -> e.kind().equals("status")).hasSize(1);
  }

  @Test
  void writesTheStatusNotificationWithTheChange() {
    Incident i = newIncident("shop-a", T0);

    lifecycle()
        .changeStatus(TenantScope.of("shop-a"), i.id(), IncidentStatus.CONTAINED, "hanako", null);

    assertThat(store.outbox().forIncident(TenantScope.of("shop-a"), i.id()))
        .extracting(e -> e.message().id())
        .containsExactly("status-contained");
  }

  @Test
  void refusesAChangeToTheSameStatus() {
    Incident i = newIncident("shop-a", T0);

    assertThatThrownBy(
            () ->
                lifecycle()
                    .changeStatus(TenantScope.of("shop-a"), i.id(), IncidentStatus.NEW, "x", null))
        .isInstanceOf(IncidentLifecycle.Refused.class);
  }

  @Test
  void cannotAcknowledgeAnotherTenantsIncident() {
    Incident i = newIncident("shop-a", T0);

    assertThatThrownBy(() -> lifecycle().acknowledge(TenantScope.of("shop-b"), i.id(), "mallory"))
        .isInstanceOf(IncidentLifecycle.Refused.class)
        .hasMessage("no such incident");
  }

  @Test
  void aFalsePositiveTakesNoMoreAlerts() {
    Incident i = newIncident("shop-a", T0);
    lifecycle()
        .changeStatus(TenantScope.of("shop-a"), i.id(), IncidentStatus.FALSE_POSITIVE, "x", "test");

    assertThat(open("shop-a", "shop.example.jp", "ip:203.0.113.45")).isEmpty();
  }

  @Test
  void keepsCommentsWithTheirAuthor() {
    Incident i = newIncident("shop-a", T0);

    Incident c =
        lifecycle().comment(TenantScope.of("shop-a"), i.id(), "hanako", "<b>checked</b> the log");

    assertThat(c.timeline().get(c.timeline().size() - 1))
        .extracting(TimelineEntry::kind, TimelineEntry::text, TimelineEntry::actor)
        .containsExactly("comment", "<b>checked</b> the log", "hanako");
  }

  @Test
  void assignsAnIncident() {
    Incident i = newIncident("shop-a", T0);

    Incident a = lifecycle().assign(TenantScope.of("shop-a"), i.id(), "lead", "hanako");

    assertThat(a.assignee()).isEqualTo("hanako");
  }

  @Test
  void mergeMovesTheAlertsIntoTheTarget() {
    Incident a = newIncident("shop-a", T0);
    Incident b = newIncident("shop-a", T0.plusSeconds(10));

    Incident merged =
        lifecycle().merge(TenantScope.of("shop-a"), a.id(), List.of(b.id()), "hanako");

    assertThat(merged.alertCount()).isEqualTo(2);
  }

  @Test
  void mergeResolvesTheSource() {
    Incident a = newIncident("shop-a", T0);
    Incident b = newIncident("shop-a", T0.plusSeconds(10));

    lifecycle().merge(TenantScope.of("shop-a"), a.id(), List.of(b.id()), "hanako");

    assertThat(store.incidents().get(TenantScope.of("shop-a"), b.id()).orElseThrow().status())
        .isEqualTo(IncidentStatus.RESOLVED);
  }

  @Test
  void cannotMergeAnotherTenantsIncident() {
    Incident a = newIncident("shop-a", T0);
    Incident b = newIncident("shop-b", T0);

    assertThatThrownBy(
            () -> lifecycle().merge(TenantScope.of("shop-a"), a.id(), List.of(b.id()), "mallory"))
        .isInstanceOf(IncidentLifecycle.Refused.class);
  }

  @Test
  void splitMovesTheChosenAlertsIntoANewIncident() {
    Incident a = newIncident("shop-a", T0);
    Incident b = newIncident("shop-a", T0.plusSeconds(10));
    lifecycle().merge(TenantScope.of("shop-a"), a.id(), List.of(b.id()), "hanako");
    String moved =
        store.incidents().alerts(TenantScope.of("shop-a"), a.id(), 10, 0).items().get(0).id();

    Incident split = lifecycle().split(TenantScope.of("shop-a"), a.id(), List.of(moved), "hanako");

    assertThat(store.incidents().alerts(TenantScope.of("shop-a"), split.id(), 10, 0).items())
        .extracting(Alert::id)
        .containsExactly(moved);
  }

  @Test
  void refusesToSplitOffEveryAlert() {
    Incident a = newIncident("shop-a", T0);
    String only =
        store.incidents().alerts(TenantScope.of("shop-a"), a.id(), 10, 0).items().get(0).id();

    assertThatThrownBy(
            () -> lifecycle().split(TenantScope.of("shop-a"), a.id(), List.of(only), "hanako"))
        .isInstanceOf(IncidentLifecycle.Refused.class);
  }

  @Test
  void countsObservablesWithFirstAndLastSeen() {
    Incident i = newIncident("shop-a", T0);
    Instant later = T0.plusSeconds(60);
    record(
        alert("shop-a", later, Severity.HIGH).withIncident(i.id()),
        incident(i.id(), "shop-a", T0, later, Severity.HIGH, 2),
        false,
        new TimelineEntry(later, "alert", "second", null));

    assertThat(store.incidents().observableStats(TenantScope.of("shop-a"), i.id(), 10))
        .containsExactly(new ObservableStat(Observable.ip("203.0.113.45"), T0, later, 2));
  }

  // --- outbox ---------------------------------------------------------------------------------

  Incident incidentWithMessage(String tenant, String messageId) {
    Incident i = incident(UUID.randomUUID().toString(), tenant, T0, T0, Severity.HIGH, 1);
    Alert a = alert(tenant, T0, Severity.HIGH).withIncident(i.id());
    store
        .incidents()
        .record(
            new IncidentChange(
                a,
                i,
                true,
                Entities.of(a),
                List.of(new TimelineEntry(T0, "alert", "a", a.id())),
                List.of(message(messageId, i))));
    return i;
  }

  @Test
  void claimsAMessageWrittenWithItsIncident() {
    incidentWithMessage("shop-a", "m1");

    assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1)))
        .extracting(e -> e.message().id())
        .containsExactly("m1");
  }

  @Test
  void aClaimedMessageIsNotClaimedAgainWhileLeased() {
    incidentWithMessage("shop-a", "m1");
    store.outbox().claimDue(10, Duration.ofMinutes(1));

    assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void aMessageWhoseDispatcherDiedIsClaimedAgainAfterTheLease() {
    incidentWithMessage("shop-a", "m1");
    store.outbox().claimDue(10, Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2));

    assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1)))
        .extracting(OutboxRepository.Entry::attempts)
        .containsExactly(2);
  }

  @Test
  void aSentMessageIsNotClaimedAgain() {
    incidentWithMessage("shop-a", "m1");
    var claimed = store.outbox().claimDue(10, Duration.ofMinutes(1)).get(0);
    store.outbox().markSent(claimed);
    clock.advance(Duration.ofMinutes(2));

    assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void aMessageToRetryWaitsUntilItsTime() {
    incidentWithMessage("shop-a", "m1");
    var claimed = store.outbox().claimDue(10, Duration.ofMinutes(1)).get(0);
    store.outbox().retryLater(claimed, T0.plusSeconds(30), "HTTP 503");
    clock.advance(Duration.ofSeconds(29));

    assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void listsDeadLettersWithTheirErrorOnlyToTheirTenant() {
    incidentWithMessage("shop-a", "m1");
    var claimed = store.outbox().claimDue(10, Duration.ofMinutes(1)).get(0);
    store.outbox().markDead(claimed, "HTTP 404 no such webhook");

    assertThat(store.outbox().list(TenantScope.of("shop-a"), OutboxRepository.DEAD, 10))
        .extracting(OutboxRepository.Entry::lastError)
        .containsExactly("HTTP 404 no such webhook");
    assertThat(store.outbox().list(TenantScope.of("shop-b"), OutboxRepository.DEAD, 10)).isEmpty();
  }

  @Test
  void requeuesADeadLetter() {
    incidentWithMessage("shop-a", "m1");
    var claimed = store.outbox().claimDue(10, Duration.ofMinutes(1)).get(0);
    store.outbox().markDead(claimed, "HTTP 404");

    store.outbox().requeue(TenantScope.of("shop-a"), "m1");

    assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).hasSize(1);
  }

  @Test
  void aDispatcherWhoseLeaseRanOutChangesNothing() {
    incidentWithMessage("shop-a", "m1");
    var stale = store.outbox().claimDue(10, Duration.ofMinutes(1)).get(0);
    clock.advance(Duration.ofMinutes(2));
    store.outbox().claimDue(10, Duration.ofMinutes(1));

    assertThat(store.outbox().markSent(stale)).isFalse();
  }

  @Test
  void aRequeuedDeadLetterGetsAFullMaximumAgeAgain() {
    incidentWithMessage("shop-a", "m1");
    var claimed = store.outbox().claimDue(10, Duration.ofMinutes(1)).get(0);
    store.outbox().markDead(claimed, "gave up");
    clock.advance(Duration.ofDays(2));

    store.outbox().requeue(TenantScope.of("shop-a"), "m1");

    assertThat(store.outbox().find(TenantScope.of("shop-a"), "m1").orElseThrow().createdAt())
        .isEqualTo(clock.instant());
  }

  @Test
  void acknowledgingAResolvedIncidentIsRefused() {
    Incident i = newIncident("shop-a", T0);
    lifecycle().changeStatus(TenantScope.of("shop-a"), i.id(), IncidentStatus.RESOLVED, "x", null);

    assertThatThrownBy(() -> lifecycle().acknowledge(TenantScope.of("shop-a"), i.id(), "late"))
        .isInstanceOf(IncidentLifecycle.Refused.class);
  }

  @Test
  void anAlertCannotJoinAnIncidentClosedSinceTheCorrelatorReadIt() {
    Incident i = newIncident("shop-a", T0);
    lifecycle().changeStatus(TenantScope.of("shop-a"), i.id(), IncidentStatus.RESOLVED, "x", null);
    Instant later = T0.plusSeconds(60);

    assertThatThrownBy(
            () ->
                record(
                    alert("shop-a", later, Severity.HIGH).withIncident(i.id()),
                    incident(i.id(), "shop-a", T0, later, Severity.HIGH, 2),
                    false,
                    new TimelineEntry(later, "alert", "late", null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void splittingMovesTheEntitiesWithTheAlerts() {
    Incident a = newIncident("shop-a", T0);
    Alert other =
        new Alert(
            UUID.randomUUID().toString(),
            "other-rule",
            "t",
            "web.test",
            Severity.LOW,
            "shop-a",
            "shop.example.jp",
            T0.plusSeconds(5),
            "192.0.2.200",
            List.of(),
            Set.of(),
            a.id());
    record(
        other,
        incident(a.id(), "shop-a", T0, T0.plusSeconds(5), Severity.HIGH, 2),
        false,
        new TimelineEntry(T0, "alert", "other", other.id()));

    Incident split = lifecycle().split(TenantScope.of("shop-a"), a.id(), List.of(other.id()), "x");

    assertThat(open("shop-a", "shop.example.jp", "ip:192.0.2.200"))
        .map(Incident::id)
        .contains(split.id());
  }

  @Test
  void mergeRefusesIncidentsOfAnotherShop() {
    Incident a = newIncident("shop-a", T0);
    Incident b =
        new Incident(
            "b-other-shop",
            "shop-a",
            "other-shop",
            "t",
            IncidentStatus.NEW,
            Severity.LOW,
            1,
            T0,
            T0,
            List.of(),
            Set.of());
    Alert ab = alert("shop-a", T0, Severity.LOW).withIncident("b-other-shop");
    record(
        new Alert(
            ab.id(),
            ab.ruleId(),
            ab.title(),
            ab.ruleClass(),
            ab.severity(),
            "shop-a",
            "other-shop",
            T0,
            null,
            List.of(),
            Set.of(),
            "b-other-shop"),
        b,
        true,
        new TimelineEntry(T0, "alert", "b", null));

    assertThatThrownBy(
            () -> lifecycle().merge(TenantScope.of("shop-a"), a.id(), List.of(b.id()), "x"))
        .isInstanceOf(IncidentLifecycle.Refused.class);
  }

  @Test
  void escalationLeavesOutIncidentsOpenedBeforeItsWindow() {
    newIncident("shop-a", T0);
    clock.advance(Duration.ofHours(25));

    assertThat(
            store
                .escalations()
                .unescalated(
                    Severity.HIGH, Set.of("*"), clock.instant().minus(Duration.ofHours(24)), 10))
        .isEmpty();
  }

  @Test
  void escalationSelectsOnlyTheTenantsItCovers() {
    newIncident("shop-a", T0);
    Incident b = newIncident("shop-b", T0);

    assertThat(store.escalations().unescalated(Severity.HIGH, Set.of("shop-b"), T0, 10))
        .extracting(Incident::id)
        .containsExactly(b.id());
  }

  // --- response actions -----------------------------------------------------------------------

  @Test
  void anActionWithATtlFallsDueWhenItRunsOut() {
    Incident i = newIncident("shop-a", T0);
    store
        .actions()
        .record(
            "shop-a", i.id(), "block", Observable.ip("192.0.2.7"), Duration.ofHours(4), "hanako");
    clock.advance(Duration.ofHours(4));

    assertThat(store.actions().due(clock.instant(), 10))
        .extracting(a -> a.target().value())
        .containsExactly("192.0.2.7");
  }

  @Test
  void anUndoneActionIsNoLongerActive() {
    Incident i = newIncident("shop-a", T0);
    store.actions().record("shop-a", i.id(), "block", Observable.ip("192.0.2.7"), null, "hanako");

    store.actions().markUndone("shop-a", "block", Observable.ip("192.0.2.7"), "undone by taro");

    assertThat(store.actions().active(clock.instant(), 10)).isEmpty();
  }

  @Test
  void theSameMessageIdIsWrittenOnce() {
    Incident i = incidentWithMessage("shop-a", "m1");
    store.outbox().add(List.of(message("m1", i)));

    assertThat(store.outbox().forIncident(TenantScope.of("shop-a"), i.id())).hasSize(1);
  }

  /** Records one alert of a severity in a new incident and returns that incident. */
  Incident newIncident(String tenant, Instant at, Severity severity) {
    Incident i = incident(UUID.randomUUID().toString(), tenant, at, at, severity, 1);
    Alert a = alert(tenant, at, severity).withIncident(i.id());
    record(a, i, true, new TimelineEntry(at, "alert", "first", a.id()));
    return i;
  }

  static IncidentFilter minSeverity(Severity s) {
    return new IncidentFilter(null, false, s, null, null, null, null, null, null);
  }

  @Test
  void findsIncidentsOfAtLeastASeverity() {
    newIncident("shop-a", T0, Severity.MEDIUM);
    Incident critical = newIncident("shop-a", T0, Severity.CRITICAL);

    assertThat(
            store
                .incidents()
                .search(TenantScope.of("shop-a"), minSeverity(Severity.HIGH), 10, 0)
                .items())
        .extracting(Incident::id)
        .containsExactly(critical.id());
  }

  @Test
  void findsIncidentsWhoseTitleHoldsTheTextInAnyCase() {
    Incident wanted = newIncident("shop-a", T0);
    newIncident("shop-a", T0);
    IncidentFilter f =
        new IncidentFilter(
            null,
            false,
            null,
            null,
            null,
            "INCIDENT " + wanted.id().toUpperCase(),
            null,
            null,
            null);

    assertThat(store.incidents().search(TenantScope.of("shop-a"), f, 10, 0).items())
        .extracting(Incident::id)
        .containsExactly(wanted.id());
  }

  @Test
  void takesLikeWildcardsInTheTitleTextLiterally() {
    newIncident("shop-a", T0);
    IncidentFilter f = new IncidentFilter(null, false, null, null, null, "%", null, null, null);

    assertThat(store.incidents().search(TenantScope.of("shop-a"), f, 10, 0).total()).isZero();
  }

  @Test
  void findsIncidentsHoldingAnObservable() {
    newIncident("shop-a", T0);
    IncidentFilter f =
        new IncidentFilter(
            null, false, null, null, null, null, Observable.ip("192.0.2.254"), null, null);

    assertThat(store.incidents().search(TenantScope.of("shop-a"), f, 10, 0).total()).isZero();
  }

  @Test
  void aTenantFilterOutsideTheScopeFindsNothing() {
    newIncident("shop-a", T0);
    IncidentFilter f =
        new IncidentFilter(null, false, null, "shop-a", null, null, null, null, null);

    assertThat(store.incidents().search(TenantScope.of("shop-b"), f, 10, 0).total()).isZero();
  }

  @Test
  void countsOpenIncidentsOnlyOfTheScope() {
    newIncident("shop-a", T0);
    newIncident("shop-b", T0);

    assertThat(store.incidents().openCounts(TenantScope.of("shop-b")))
        .extracting(IncidentRepository.OpenCount::tenant)
        .containsOnly("shop-b");
  }

  @Test
  void countsAlertsPerShopOnlyOfTheScope() {
    newIncident("shop-a", T0);
    newIncident("shop-b", T0);

    assertThat(store.incidents().alertsByAsset(TenantScope.of("shop-b"), T0, 10))
        .extracting(AssetAlerts::tenant)
        .containsExactly("shop-b");
  }

  @Test
  void findsAlertsOfAtLeastASeverity() {
    newIncident("shop-a", T0, Severity.LOW);
    newIncident("shop-a", T0, Severity.CRITICAL);
    AlertFilter f = new AlertFilter(null, Severity.HIGH, null, null, null, null, null, null);

    assertThat(store.incidents().searchAlerts(TenantScope.of("shop-a"), f, 10, 0).items())
        .extracting(Alert::severity)
        .containsExactly(Severity.CRITICAL);
  }

  @Test
  void listsTheActionsOfAnIncidentOnlyInItsScope() {
    Incident i = newIncident("shop-a", T0);
    store.actions().record("shop-a", i.id(), "block", Observable.ip("192.0.2.7"), null, "hanako");

    assertThat(store.actions().forIncident(TenantScope.of("shop-b"), i.id(), 10)).isEmpty();
  }

  @Test
  void listsTheActionsOfAnIncidentWithTheirUndoing() {
    Incident i = newIncident("shop-a", T0);
    store.actions().record("shop-a", i.id(), "block", Observable.ip("192.0.2.7"), null, "hanako");
    store.actions().markUndone("shop-a", "block", Observable.ip("192.0.2.7"), "undone by taro");

    assertThat(store.actions().forIncident(TenantScope.of("shop-a"), i.id(), 10))
        .extracting(ActionRepository.Entry::undoNote)
        .containsExactly("undone by taro");
  }

  // --- monthly reports -----------------------------------------------------------------------

  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  OutboxMessage reportMessage(String id, String reportId) {
    return OutboxMessage.report(
        id, "shop-a", reportId, "mail", "ja", "owner@shop-a.example.jp", clock.instant());
  }

  @Test
  void queuesTheScheduledReportOfATenantMonthOnce() {
    String id = ReportRepository.scheduledId("shop-a", "2026-11");
    store
        .reports()
        .queue(
            id,
            "shop-a",
            "2026-11",
            ReportRepository.SCHEDULE,
            null,
            List.of(reportMessage("m1", id)));

    boolean again =
        store
            .reports()
            .queue(
                id,
                "shop-a",
                "2026-11",
                ReportRepository.SCHEDULE,
                null,
                List.of(reportMessage("m2", id)));

    assertThat(again).isFalse();
    assertThat(store.outbox().forReport(TenantScope.of("shop-a"), id))
        .extracting(e -> e.message().id())
        .containsExactly("m1");
  }

  @Test
  void aReportMessageIsClaimedWithItsReport() {
    String id = ReportRepository.scheduledId("shop-a", "2026-11");
    store
        .reports()
        .queue(
            id,
            "shop-a",
            "2026-11",
            ReportRepository.SCHEDULE,
            null,
            List.of(reportMessage("m1", id)));

    var claimed = store.outbox().claimDue(10, Duration.ofMinutes(1));

    assertThat(claimed).extracting(e -> e.message().reportId()).containsExactly(id);
  }

  @Test
  void anotherTenantReadsNoneOfAReportsData() {
    newIncident("shop-a", T0);

    assertThat(store.reports().opened(TenantScope.of("shop-b"), "shop-a", NOV, DEC)).isEmpty();
    assertThat(store.reports().top(TenantScope.of("shop-b"), "shop-a", NOV, DEC, 10)).isEmpty();
  }

  @Test
  void countsTheIncidentsOpenedInTheMonth() {
    newIncident("shop-a", T0);
    newIncident("shop-a", DEC);
    newIncident("shop-b", T0);

    assertThat(store.reports().opened(TenantScope.of("shop-a"), "shop-a", NOV, DEC)).hasSize(1);
  }

  @Test
  void countsAMergedIncidentOnceAmongThoseOpened() {
    Incident a = newIncident("shop-a", T0);
    Incident b = newIncident("shop-a", T0.plusSeconds(10));
    lifecycle().merge(TenantScope.of("shop-a"), a.id(), List.of(b.id()), "hanako");

    assertThat(store.reports().opened(TenantScope.of("shop-a"), "shop-a", NOV, DEC)).hasSize(1);
  }

  @Test
  void countsTheIncidentsResolvedInTheMonth() {
    Incident i = newIncident("shop-a", T0);
    new IncidentLifecycle(store, NotificationPlanner.NONE, clock)
        .changeStatus(TenantScope.of("shop-a"), i.id(), IncidentStatus.RESOLVED, "alice", "done");

    assertThat(store.reports().resolved(TenantScope.of("shop-a"), "shop-a", NOV, DEC)).isEqualTo(1);
  }

  @Test
  void listsTheFileChangesOfTheMonth() {
    Incident i = incident("fim-inc", "shop-a", T0, T0, Severity.HIGH, 1);
    Alert fim =
        new Alert(
            "fim-1",
            "mm-fim-added",
            "added html/user_data/packages.php: web shell",
            "webshell",
            Severity.CRITICAL,
            "shop-a",
            "shop.example.jp",
            T0,
            null,
            List.of(new EvidenceRef(T0, "/var/www/html/user_data/packages.php", 0, 0, "added")),
            Set.of(),
            "fim-inc");
    record(fim, i, true, new TimelineEntry(T0, "alert", "fim", fim.id()));
    newIncident("shop-a", T0);

    var changes = store.reports().fileChanges(TenantScope.of("shop-a"), "shop-a", NOV, DEC, 10);

    assertThat(changes.items()).extracting(Alert::ruleId).containsExactly("mm-fim-added");
  }

  @Test
  void listsTheActionsTakenInTheMonthWithTheirUndo() {
    Incident i = newIncident("shop-a", T0);
    store
        .actions()
        .record(
            "shop-a", i.id(), "block", Observable.ip("203.0.113.45"), Duration.ofHours(1), "bob");
    clock.advance(Duration.ofHours(2));
    store.actions().markUndone("shop-a", "block", Observable.ip("203.0.113.45"), "expired");

    var history = store.actions().history(TenantScope.of("shop-a"), "shop-a", NOV, DEC, 10);

    assertThat(history)
        .extracting(ActionRepository.Entry::undoneAt)
        .containsExactly(clock.instant());
  }

  @Test
  void countsEveryActionOfTheMonthBeyondOnePage() {
    Incident i = newIncident("shop-a", T0);
    for (int n = 1; n <= 3; n++) {
      store
          .actions()
          .record("shop-a", i.id(), "block", Observable.ip("203.0.113." + n), null, "bob");
    }

    assertThat(store.actions().countTaken(TenantScope.of("shop-a"), "shop-a", NOV, DEC))
        .isEqualTo(3);
  }

  // --- storefront monitors ------------------------------------------------------------------

  PageMonitorRepository.PageMonitor monitor(String tenant) {
    SiteRepository.Site site =
        store.sites().create(tenant, "shop " + tenant, List.of(), List.of(), List.of(), null, null);
    return store
        .pageMonitors()
        .create(
            TenantScope.of(tenant),
            tenant,
            site.id(),
            new PageMonitorRepository.Spec(
                "checkout", "https://shop.example.jp/shopping", null, null, 300, true));
  }

  @Test
  void pageMonitorOfTenantAIsInvisibleUnderTenantBsScope() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");

    assertThat(store.pageMonitors().find(TenantScope.of("shop-b"), m.id())).isEmpty();
  }

  @Test
  void takingDueMonitorsMovesThemToTheirNextSlot() {
    monitor("shop-a");
    store.pageMonitors().takeDue(clock.instant(), 10);

    assertThat(store.pageMonitors().takeDue(clock.instant(), 10)).isEmpty();
  }

  @Test
  void monitorIsDueAgainAfterItsInterval() {
    monitor("shop-a");
    store.pageMonitors().takeDue(clock.instant(), 10);
    clock.advance(java.time.Duration.ofSeconds(300));

    assertThat(store.pageMonitors().takeDue(clock.instant(), 10)).hasSize(1);
  }

  @Test
  void sawScriptsReturnsOnlyTheScriptsNotSeenBefore() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    var app =
        new PageMonitorRepository.Seen("https://shop.example.jp/app.js", "aa", "shop.example.jp");
    var skim = new PageMonitorRepository.Seen("https://evil.example/s.js", "bb", "evil.example");
    store.pageMonitors().sawScripts("shop-a", m.id(), List.of(app), clock.instant());

    assertThat(
            store.pageMonitors().sawScripts("shop-a", m.id(), List.of(app, skim), clock.instant()))
        .containsExactly(skim);
  }

  @Test
  void approvalWithoutJustificationIsRefused() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");

    assertThatThrownBy(
            () ->
                store
                    .pageMonitors()
                    .decide(TenantScope.of("shop-a"), m.id(), "s", "h", "approved", " ", "alice"))
        .hasMessageContaining("justification");
  }

  @Test
  void decisionUnderAnotherTenantsScopeChangesNothing() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    var app =
        new PageMonitorRepository.Seen("https://shop.example.jp/app.js", "aa", "shop.example.jp");
    store.pageMonitors().sawScripts("shop-a", m.id(), List.of(app), clock.instant());
    store
        .pageMonitors()
        .decide(
            TenantScope.of("shop-b"), m.id(), app.script(), "aa", "approved", "ours", "mallory");

    assertThat(store.pageMonitors().scripts(TenantScope.of("shop-a"), m.id()))
        .extracting(PageMonitorRepository.PageScript::decision)
        .containsExactly("pending");
  }

  @Test
  void firstRecordedCheckSetsTheBaselineAndLaterOnesDoNot() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    store.pageMonitors().recordCheck(m.id(), clock.instant(), "ok", "{}", "{\"first\":1}");
    store.pageMonitors().recordCheck(m.id(), clock.instant(), "ok", "{}", "{\"second\":1}");

    assertThat(store.pageMonitors().find(TenantScope.of("shop-a"), m.id()).orElseThrow().baseline())
        .isEqualTo("{\"first\":1}");
  }

  @Test
  void deletingTheSiteDeletesItsMonitorsAndScripts() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    store
        .pageMonitors()
        .sawScripts(
            "shop-a",
            m.id(),
            List.of(new PageMonitorRepository.Seen("s", "h", "x")),
            clock.instant());
    store.sites().delete(TenantScope.of("shop-a"), m.site());

    assertThat(
            List.of(
                store.pageMonitors().list(TenantScope.of("shop-a"), null).size(),
                store.pageMonitors().scripts(TenantScope.of("shop-a"), m.id()).size()))
        .containsExactly(0, 0);
  }

  @Test
  void sitePolicyIsNotReadableUnderAnotherTenantsScope() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    store
        .pageMonitors()
        .setSitePolicy(TenantScope.of("shop-a"), m.site(), "{\"payment_hosts\":[]}");

    assertThat(store.pageMonitors().sitePolicy(TenantScope.of("shop-b"), m.site())).isEmpty();
  }

  @Test
  void changingTheUrlDropsTheBaseline() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    store.pageMonitors().recordCheck(m.id(), clock.instant(), "baseline", "{}", "{\"b\":1}");
    store
        .pageMonitors()
        .update(
            TenantScope.of("shop-a"),
            m.id(),
            new PageMonitorRepository.Spec(
                "checkout", "https://shop.example.jp/cart", null, null, 300, true));

    assertThat(store.pageMonitors().find(TenantScope.of("shop-a"), m.id()).orElseThrow().baseline())
        .isNull();
  }

  @Test
  void renamingKeepsTheBaseline() {
    PageMonitorRepository.PageMonitor m = monitor("shop-a");
    store.pageMonitors().recordCheck(m.id(), clock.instant(), "baseline", "{}", "{\"b\":1}");
    store
        .pageMonitors()
        .update(
            TenantScope.of("shop-a"),
            m.id(),
            new PageMonitorRepository.Spec(
                "payment page", "https://shop.example.jp/shopping", null, null, 300, true));

    assertThat(store.pageMonitors().find(TenantScope.of("shop-a"), m.id()).orElseThrow().baseline())
        .isEqualTo("{\"b\":1}");
  }

  private SiteRepository.Site shopSite(String tenant) {
    return store
        .sites()
        .create(
            tenant,
            "shop of " + tenant,
            List.of("https://" + tenant + ".example/"),
            List.of(),
            List.of(),
            null,
            null);
  }

  @Test
  void uptimeMonitorCannotBeAddedToAnotherTenantsSite() {
    SiteRepository.Site b = shopSite("shop-b");

    assertThat(store.uptime().create(TenantScope.of("shop-a"), b.id(), "https://x.example/", "{}"))
        .isEmpty();
  }

  @Test
  void uptimeMonitorsListOnlyThoseOfTheScope() {
    SiteRepository.Site a = shopSite("shop-a");
    SiteRepository.Site b = shopSite("shop-b");
    store.uptime().create(TenantScope.of("shop-a"), a.id(), "https://a.example/", "{}");
    store.uptime().create(TenantScope.of("shop-b"), b.id(), "https://b.example/", "{}");

    assertThat(store.uptime().list(TenantScope.of("shop-a"), null))
        .extracting(UptimeMonitorRepository.Monitor::url)
        .containsExactly("https://a.example/");
  }

  @Test
  void uptimeMonitorOfAnotherTenantCannotBeDeleted() {
    SiteRepository.Site b = shopSite("shop-b");
    var m =
        store
            .uptime()
            .create(TenantScope.of("shop-b"), b.id(), "https://b.example/", "{}")
            .orElseThrow();

    assertThat(store.uptime().delete(TenantScope.of("shop-a"), m.id())).isFalse();
  }

  @Test
  void deletingASiteDeletesItsUptimeMonitors() {
    SiteRepository.Site a = shopSite("shop-a");
    var m =
        store
            .uptime()
            .create(TenantScope.of("shop-a"), a.id(), "https://a.example/", "{}")
            .orElseThrow();
    store.uptime().saveStatus(m.id(), "UP", T0, "{}");

    store.sites().delete(TenantScope.of("shop-a"), a.id());

    assertThat(store.uptime().all()).isEmpty();
  }

  @Test
  void uptimeStatusIsReadOnlyInTheMonitorsTenant() {
    SiteRepository.Site a = shopSite("shop-a");
    var m =
        store
            .uptime()
            .create(TenantScope.of("shop-a"), a.id(), "https://a.example/", "{}")
            .orElseThrow();
    store.uptime().saveStatus(m.id(), "DOWN", T0, "{\"status\":503}");

    assertThat(store.uptime().statuses(TenantScope.of("shop-b"))).isEmpty();
  }

  @Test
  void uptimeStatusIsReplacedByTheNextCheck() {
    SiteRepository.Site a = shopSite("shop-a");
    var m =
        store
            .uptime()
            .create(TenantScope.of("shop-a"), a.id(), "https://a.example/", "{}")
            .orElseThrow();
    store.uptime().saveStatus(m.id(), "DOWN", T0, "{}");
    store.uptime().saveStatus(m.id(), "UP", T0.plusSeconds(30), "{}");

    assertThat(store.uptime().statuses(TenantScope.of("shop-a")))
        .extracting(UptimeMonitorRepository.Status::state)
        .containsExactly("UP");
  }
}
