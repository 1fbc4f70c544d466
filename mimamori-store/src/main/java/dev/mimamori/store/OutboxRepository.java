package dev.mimamori.store;

import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.outbox.OutboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * The notification outbox. Messages are inserted in the transaction of the incident change they are
 * about; a dispatcher claims due ones with a lease (so a dispatcher killed mid-delivery loses
 * nothing: the lease runs out and the message is claimed again, with the same id as its idempotency
 * key), then marks each sent, due again later, dead or dropped.
 */
public final class OutboxRepository {
  /** A message in the outbox, with its delivery state. */
  public record Entry(
      OutboxMessage message,
      String status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError,
      Instant createdAt,
      @Nullable Instant sentAt,
      long leaseUntil) {}

  public static final String PENDING = "pending";
  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String DEAD = "dead";
  public static final String DROPPED = "dropped";

  private static final String COLUMNS =
      "id, tenant_id, incident_id, report_id, channel, kind, locale, recipient, ack_url, note,"
          + " status, attempts, next_attempt_at, last_error, created_at, sent_at, lease_until";

  private final Database db;
  private final Clock clock;

  OutboxRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Inserts messages inside the caller's transaction; an id already there is kept as it is. */
  static void insert(Handle h, List<OutboxMessage> messages, long now) {
    for (OutboxMessage m : messages) {
      h.createUpdate(
              "INSERT INTO notification_outbox (id, tenant_id, incident_id, report_id, channel,"
                  + " kind, locale, recipient, ack_url, note, status, attempts, next_attempt_at,"
                  + " created_at) VALUES (:id, :t, :i, :r, :ch, :kind, :loc, :to, :ack, :note, :st,"
                  + " 0, :due, :now)"
                  + " ON CONFLICT (id) DO NOTHING")
          .bind("id", m.id())
          .bind("t", m.tenant())
          .bind("i", m.incidentId())
          .bind("r", m.reportId())
          .bind("ch", m.channel())
          .bind("kind", m.kind().name())
          .bind("loc", m.locale())
          .bind("to", m.recipient())
          .bind("ack", m.ackUrl())
          .bind("note", m.note())
          .bind("st", PENDING)
          .bind("due", m.dueAt().toEpochMilli())
          .bind("now", now)
          .execute();
    }
  }

  /** Adds messages in a transaction of their own (e.g. pages from the escalation ticker). */
  public void add(List<OutboxMessage> messages) {
    db.useTransaction(Database.SYSTEM, h -> insert(h, messages, clock.millis()));
  }

  /**
   * Claims up to {@code max} due messages for {@code lease}: pending ones whose time has come, and
   * ones another dispatcher claimed but did not finish before its lease ran out.
   */
  public List<Entry> claimDue(int max, Duration lease) {
    long now = clock.millis();
    List<Entry> claimed = new ArrayList<>();
    List<Entry> due =
        db.withHandle(
            Database.SYSTEM,
            h ->
                h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM notification_outbox WHERE (status = :p AND next_attempt_at <= :now)"
                            + " OR (status = :s AND lease_until < :now)"
                            + " ORDER BY next_attempt_at, created_at LIMIT :max")
                    .bind("p", PENDING)
                    .bind("s", SENDING)
                    .bind("now", now)
                    .bind("max", max)
                    .map((rs, ctx) -> entry(rs))
                    .list());
    for (Entry e : due) {
      int n =
          db.withHandle(
              Database.SYSTEM,
              h ->
                  h.createUpdate(
                          "UPDATE notification_outbox SET status = :s, lease_until = :lease,"
                              + " attempts = attempts + 1 WHERE id = :id AND ((status = :p AND"
                              + " next_attempt_at <= :now) OR (status = :s AND lease_until < :now))")
                      .bind("s", SENDING)
                      .bind("p", PENDING)
                      .bind("lease", now + lease.toMillis())
                      .bind("id", e.message().id())
                      .bind("now", now)
                      .execute());
      if (n == 1) {
        claimed.add(
            new Entry(
                e.message(),
                SENDING,
                e.attempts() + 1,
                e.nextAttemptAt(),
                e.lastError(),
                e.createdAt(),
                null,
                now + lease.toMillis()));
      }
    }
    return claimed;
  }

  /**
   * The message went out. Like every outcome below, it applies only while this claim's lease holds:
   * a dispatcher whose lease ran out (and whose message another one claimed) changes nothing.
   *
   * @return whether the claim still held
   */
  public boolean markSent(Entry claimed) {
    return finish(claimed, SENT, null, clock.millis());
  }

  /** A temporary failure: due again at {@code next}. */
  public boolean retryLater(Entry claimed, Instant next, String error) {
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate(
                        "UPDATE notification_outbox SET status = :p, next_attempt_at = :next,"
                            + " lease_until = NULL, last_error = :err"
                            + " WHERE id = :id AND status = :s AND lease_until = :lease")
                    .bind("p", PENDING)
                    .bind("next", next.toEpochMilli())
                    .bind("err", clip(error))
                    .bind("id", claimed.message().id())
                    .bind("s", SENDING)
                    .bind("lease", claimed.leaseUntil())
                    .execute())
        == 1;
  }

  /** A permanent failure, or too many temporary ones: shown on the dead-letter list. */
  public boolean markDead(Entry claimed, String error) {
    return finish(claimed, DEAD, error, null);
  }

  /** Moot (a page for an incident acknowledged before it went out, an incident gone). */
  public boolean markDropped(Entry claimed, String why) {
    return finish(claimed, DROPPED, why, null);
  }

  private boolean finish(
      Entry claimed, String status, @Nullable String error, @Nullable Long sentAt) {
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate(
                        "UPDATE notification_outbox SET status = :st, lease_until = NULL,"
                            + " last_error = COALESCE(:err, last_error), sent_at = :sent"
                            + " WHERE id = :id AND status = :s AND lease_until = :lease")
                    .bind("st", status)
                    .bind("err", error == null ? null : clip(error))
                    .bind("sent", sentAt)
                    .bind("id", claimed.message().id())
                    .bind("s", SENDING)
                    .bind("lease", claimed.leaseUntil())
                    .execute())
        == 1;
  }

  /** Messages in one state (e.g. dead letters), newest first, within the scope. */
  public List<Entry> list(TenantScope scope, String status, int limit) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM notification_outbox WHERE status = :st AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at DESC LIMIT :limit"),
                    scope)
                .bind("st", status)
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** The messages about one incident, oldest first. */
  public List<Entry> forIncident(TenantScope scope, String incidentId) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM notification_outbox WHERE incident_id = :i AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at, id"),
                    scope)
                .bind("i", incidentId)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** The messages carrying one report, oldest first. */
  public List<Entry> forReport(TenantScope scope, String reportId) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM notification_outbox WHERE report_id = :r AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at, id"),
                    scope)
                .bind("r", reportId)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  public Optional<Entry> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM notification_outbox WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map((rs, ctx) -> entry(rs))
                .findOne());
  }

  /** Puts a dead letter back in the queue, due now. */
  public boolean requeue(TenantScope scope, String id) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE notification_outbox SET status = :p, next_attempt_at = :now,"
                                + " attempts = 0, created_at = :now WHERE id = :id AND status = :dead AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("p", PENDING)
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .bind("dead", DEAD)
                    .execute())
        == 1;
  }

  /** How many messages are in each state. */
  public java.util.Map<String, Long> counts() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT status, COUNT(*) AS n FROM notification_outbox GROUP BY status")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private static String clip(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) : s;
  }

  private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
    long sent = rs.getLong("sent_at");
    boolean sentNull = rs.wasNull();
    long lease = rs.getLong("lease_until");
    return new Entry(
        new OutboxMessage(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("incident_id"),
            rs.getString("channel"),
            Notification.Kind.valueOf(rs.getString("kind")),
            rs.getString("locale"),
            rs.getString("recipient"),
            rs.getString("ack_url"),
            rs.getString("note"),
            Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
            rs.getString("report_id")),
        rs.getString("status"),
        rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        rs.getString("last_error"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        sentNull ? null : Instant.ofEpochMilli(sent),
        lease);
  }
}
