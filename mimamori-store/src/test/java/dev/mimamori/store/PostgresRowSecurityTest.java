package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.incidents.Entities;
import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's row-level security under the queries' own scope: raw SQL that forgets the scope
 * still sees only the session's tenants. Connects as an ordinary role (no superuser, no BYPASSRLS),
 * with a pool of one connection so every call reuses the last one's.
 */
class PostgresRowSecurityTest {
  static final Instant T0 = StoreContractTest.T0;

  Store store;

  @BeforeEach
  void open() {
    DatabaseConfig c =
        DatabaseConfig.parse(PostgresTestServer.get().newDatabaseUrl(), Path.of("."));
    store =
        Store.open(
            new DatabaseConfig(c.dialect(), c.jdbcUrl(), c.user(), c.password(), 1),
            new MutableClock(T0));
    store.tenants().ensure("shop-a", "Shop A");
    store.tenants().ensure("shop-b", "Shop B");
    newIncident("shop-a");
    newIncident("shop-b");
  }

  @AfterEach
  void close() {
    store.close();
  }

  void newIncident(String tenant) {
    Incident i =
        StoreContractTest.incident(UUID.randomUUID().toString(), tenant, T0, T0, Severity.HIGH, 1);
    Alert a = StoreContractTest.alert(tenant, T0, Severity.HIGH).withIncident(i.id());
    store
        .incidents()
        .record(
            new IncidentChange(
                a,
                i,
                true,
                Entities.of(a),
                List.of(new TimelineEntry(T0, "alert", "first", a.id())),
                List.of()));
  }

  static List<String> incidentTenants(Handle h) {
    return h.createQuery("SELECT tenant_id FROM incidents").mapTo(String.class).list();
  }

  @Test
  void runsAsARoleRowSecurityApplies() {
    assertThat(store.database().rowSecurity()).isEqualTo(RowSecurity.ENFORCED);
  }

  @Test
  void everyTableWithATenantColumnForcesRowSecurity() {
    List<String> unprotected =
        store
            .database()
            .withHandle(
                TenantScope.allTenants(),
                h ->
                    h.createQuery(
                            "SELECT c.table_name FROM information_schema.columns c"
                                + " JOIN pg_class t ON t.relname = c.table_name"
                                + " WHERE c.column_name = 'tenant_id' AND c.table_schema ="
                                + " current_schema() AND NOT (t.relrowsecurity AND"
                                + " t.relforcerowsecurity)")
                        .mapTo(String.class)
                        .list());

    assertThat(unprotected).isEmpty();
  }

  @Test
  void rawSqlSeesOnlyTheScopesTenantsSoftware() {
    String site =
        store.sites().create("shop-a", "a", List.of(), List.of(), List.of(), null, null).id();
    store
        .vulns()
        .replaceSoftware(
            TenantScope.of("shop-a"),
            site,
            List.of(
                new dev.mimamori.vuln.inventory.Component(
                    dev.mimamori.vuln.advisory.PackageRef.ECCUBE, "4.2.0", "Constant.php")));

    List<String> seen =
        store
            .database()
            .withHandle(
                TenantScope.of("shop-b"),
                h ->
                    h.createQuery("SELECT tenant_id FROM site_software")
                        .mapTo(String.class)
                        .list());

    assertThat(seen).isEmpty();
  }

  @Test
  void rawSqlWithoutAScopeClauseSeesOnlyTheScopesTenant() {
    List<String> seen =
        store
            .database()
            .withHandle(TenantScope.of("shop-b"), PostgresRowSecurityTest::incidentTenants);

    assertThat(seen).containsExactly("shop-b");
  }

  @Test
  void rawSqlSeesOnlyTheScopesTenantInEveryTenantTable() {
    List<String> seen =
        store
            .database()
            .withHandle(
                TenantScope.of("shop-b"),
                h ->
                    h.createQuery(
                            "SELECT tenant_id FROM alerts UNION ALL SELECT tenant_id FROM"
                                + " incident_timeline UNION ALL SELECT tenant_id FROM"
                                + " incident_entities UNION ALL SELECT id FROM tenants")
                        .mapTo(String.class)
                        .list());

    assertThat(Set.copyOf(seen)).containsExactly("shop-b");
  }

  @Test
  void rawSqlSeesOnlyTheScopesUptimeMonitorsAndStatuses() {
    for (String t : List.of("shop-a", "shop-b")) {
      String site =
          store
              .sites()
              .create(
                  t,
                  "main",
                  List.of("https://" + t + ".example/"),
                  List.of(),
                  List.of(),
                  null,
                  null)
              .id();
      String monitor =
          store
              .uptime()
              .create(TenantScope.of(t), site, "https://" + t + ".example/", "{}")
              .orElseThrow()
              .id();
      store.uptime().saveStatus(monitor, "UP", T0, "{}");
    }

    List<String> seen =
        store
            .database()
            .withHandle(
                TenantScope.of("shop-b"),
                h ->
                    h.createQuery(
                            "SELECT tenant_id FROM uptime_monitors UNION ALL SELECT tenant_id FROM"
                                + " uptime_status")
                        .mapTo(String.class)
                        .list());

    assertThat(seen).containsExactly("shop-b", "shop-b");
  }

  @Test
  void aScopeOfTwoTenantsSeesBoth() {
    List<String> seen =
        store
            .database()
            .withHandle(
                new TenantScope(false, Set.of("shop-a", "shop-b")),
                PostgresRowSecurityTest::incidentTenants);

    assertThat(seen).containsExactlyInAnyOrder("shop-a", "shop-b");
  }

  @Test
  void insertingARowOfAnotherTenantIsRefused() {
    assertThatThrownBy(
            () ->
                store
                    .database()
                    .useHandle(
                        TenantScope.of("shop-b"),
                        h ->
                            h.execute(
                                "INSERT INTO sites (id, tenant_id, name, urls, hosts, web_roots,"
                                    + " created_at, updated_at) VALUES ('s1', 'shop-a', 'x', '[]',"
                                    + " '[]', '[]', 0, 0)")))
        .hasMessageContaining("row-level security");
  }

  @Test
  void updatingRowsOfAnotherTenantChangesNothing() {
    int changed =
        store
            .database()
            .withHandle(
                TenantScope.of("shop-b"),
                h -> h.execute("UPDATE incidents SET title = 'x' WHERE tenant_id = 'shop-a'"));

    assertThat(changed).isZero();
  }

  @Test
  void movingARowToAnotherTenantIsRefused() {
    assertThatThrownBy(
            () ->
                store
                    .database()
                    .useHandle(
                        TenantScope.of("shop-b"),
                        h -> h.execute("UPDATE incidents SET tenant_id = 'shop-a'")))
        .hasMessageContaining("row-level security");
  }

  @Test
  void aHandleNobodyScopedSeesNoRows() {
    List<String> seen =
        store.database().jdbi().withHandle(PostgresRowSecurityTest::incidentTenants);

    assertThat(seen).isEmpty();
  }

  @Test
  void thePooledConnectionDoesNotCarryAnAllTenantScopeIntoTheNextHandle() {
    store.database().withHandle(TenantScope.allTenants(), PostgresRowSecurityTest::incidentTenants);

    List<String> next =
        store.database().jdbi().withHandle(PostgresRowSecurityTest::incidentTenants);

    assertThat(next).isEmpty();
  }

  @Test
  void thePooledConnectionDoesNotCarryAScopeIntoTheNextCallOfAnotherTenant() {
    store.database().withHandle(TenantScope.of("shop-a"), PostgresRowSecurityTest::incidentTenants);

    List<String> next =
        store
            .database()
            .withHandle(TenantScope.of("shop-b"), PostgresRowSecurityTest::incidentTenants);

    assertThat(next).containsExactly("shop-b");
  }

  @Test
  void aScopeSetByHandAndLeftBehindDoesNotReachTheNextHandle() {
    store
        .database()
        .jdbi()
        .useHandle(h -> h.execute("SELECT set_config('mimamori.tenants', '*', false)"));

    List<String> next =
        store.database().jdbi().withHandle(PostgresRowSecurityTest::incidentTenants);

    assertThat(next).isEmpty();
  }

  @Test
  void aFailedTransactionDoesNotLeaveItsScopeOnTheConnection() {
    assertThatThrownBy(
            () ->
                store
                    .database()
                    .useTransaction(
                        TenantScope.allTenants(),
                        h -> {
                          incidentTenants(h);
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");

    List<String> next =
        store.database().jdbi().withHandle(PostgresRowSecurityTest::incidentTenants);

    assertThat(next).isEmpty();
  }

  @Test
  void aNestedCallOfAnotherScopeGivesTheOuterScopeBack() {
    List<String> outer =
        store
            .database()
            .withHandle(
                TenantScope.of("shop-a"),
                h -> {
                  store
                      .database()
                      .withHandle(
                          TenantScope.of("shop-b"), PostgresRowSecurityTest::incidentTenants);
                  return incidentTenants(h);
                });

    assertThat(outer).containsExactly("shop-a");
  }

  @Test
  void aCustomerReadsExceptionsForEveryTenantButCannotWriteThem() {
    store
        .ruleTuning()
        .addException(
            TenantScope.allTenants(), StoreContractTest.cidrException(null, "SOC scanner"));

    assertThat(store.ruleTuning().exceptions(TenantScope.of("shop-b"))).hasSize(1);
    assertThatThrownBy(
            () ->
                store
                    .database()
                    .useHandle(
                        TenantScope.of("shop-b"),
                        h ->
                            h.execute(
                                "INSERT INTO rule_exceptions (id, tenant_id, rule_id, field,"
                                    + " match_kind, value, expires_at, reason, created_by,"
                                    + " created_at) VALUES ('e1', NULL, '*', 'f', 'equals', 'v',"
                                    + " 0, 'r', 'b', 0)")))
        .hasMessageContaining("row-level security");
  }

  @Test
  void auditEntriesWithoutATenantAreSeenOnlyByAllTenants() {
    store.audit().record(null, "mallory", "login", null, "refused", "198.51.100.7", null);

    long seen =
        store
            .database()
            .withHandle(
                new TenantScope(false, Set.of("shop-a", "shop-b")),
                h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one());

    assertThat(seen).isZero();
  }

  @Test
  void aTenantIdWithArrayLiteralCharactersIsMatchedExactly() {
    store.tenants().ensure("odd,\"x\"}", "Odd");
    newIncident("odd,\"x\"}");

    List<String> seen =
        store
            .database()
            .withHandle(TenantScope.of("odd,\"x\"}"), PostgresRowSecurityTest::incidentTenants);

    assertThat(seen).containsExactly("odd,\"x\"}");
  }

  @Test
  void warnsOfARoleThatBypassesRowSecurity() {
    try (Store su =
        Store.open(
            DatabaseConfig.parse(PostgresTestServer.get().newSuperuserDatabaseUrl(), Path.of(".")),
            new MutableClock(T0))) {
      assertThat(su.database().rowSecurity()).isEqualTo(RowSecurity.BYPASSED);
    }
  }
}
