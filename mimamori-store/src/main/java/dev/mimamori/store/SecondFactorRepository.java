package dev.mimamori.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Users' TOTP secrets, as sealed text the server made: the store never sees a secret in clear. An
 * enrollment is pending until its first code is confirmed.
 */
public final class SecondFactorRepository {
  // Keyed by user id and read during sign-in, before any tenant scope exists: system work, as the
  // password check is.
  /**
   * One user's second factor.
   *
   * @param sealedSecret the secret as the server sealed it
   * @param confirmedAt when its first code was accepted; null while the enrollment is pending
   * @param lastStep the time step of the last code accepted
   */
  public record Totp(
      String userId, String sealedSecret, @Nullable Instant confirmedAt, long lastStep) {
    public boolean confirmed() {
      return confirmedAt != null;
    }
  }

  private final Database db;
  private final Clock clock;

  SecondFactorRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Optional<Totp> find(String userId) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT user_id, secret, confirmed_at, last_step FROM user_totp"
                        + " WHERE user_id = :u")
                .bind("u", userId)
                .map(
                    (rs, c) -> {
                      long confirmed = rs.getLong("confirmed_at");
                      boolean pending = rs.wasNull();
                      return new Totp(
                          rs.getString("user_id"),
                          rs.getString("secret"),
                          pending ? null : Instant.ofEpochMilli(confirmed),
                          rs.getLong("last_step"));
                    })
                .findOne());
  }

  /** Whether the user has a confirmed second factor. */
  public boolean enrolled(String userId) {
    return find(userId).map(Totp::confirmed).orElse(false);
  }

  /**
   * Starts (or restarts) an enrollment with a new secret. Refused (false) when the user already has
   * a confirmed one: that is changed only after a reset, so a stolen session cannot swap it.
   */
  public boolean begin(String userId, String sealedSecret) {
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          boolean confirmed =
              h.createQuery(
                          "SELECT COUNT(*) FROM user_totp WHERE user_id = :u"
                              + " AND confirmed_at IS NOT NULL")
                      .bind("u", userId)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (confirmed) {
            return false;
          }
          h.createUpdate("DELETE FROM user_totp WHERE user_id = :u").bind("u", userId).execute();
          h.createUpdate(
                  "INSERT INTO user_totp (user_id, secret, created_at, last_step)"
                      + " VALUES (:u, :s, :t, 0)")
              .bind("u", userId)
              .bind("s", sealedSecret)
              .bind("t", clock.millis())
              .execute();
          return true;
        });
  }

  /**
   * Stores a secret confirmed elsewhere (the console keeps a new secret in the session until its
   * first code is right) with the step of that code; false when a confirmed one exists already.
   * Replaces a pending enrollment, so one started by somebody else is never what gets confirmed.
   */
  public boolean enroll(String userId, String sealedSecret, long step) {
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          boolean confirmed =
              h.createQuery(
                          "SELECT COUNT(*) FROM user_totp WHERE user_id = :u"
                              + " AND confirmed_at IS NOT NULL")
                      .bind("u", userId)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (confirmed) {
            return false;
          }
          h.createUpdate("DELETE FROM user_totp WHERE user_id = :u").bind("u", userId).execute();
          long now = clock.millis();
          h.createUpdate(
                  "INSERT INTO user_totp (user_id, secret, created_at, confirmed_at, last_step)"
                      + " VALUES (:u, :s, :t, :t, :step)")
              .bind("u", userId)
              .bind("s", sealedSecret)
              .bind("t", now)
              .bind("step", step)
              .execute();
          return true;
        });
  }

  /**
   * Marks a code's time step as used, once: true for the first caller with a step later than the
   * last one accepted, false for a replay (the same or an older step). Confirms a pending
   * enrollment in the same statement.
   */
  public boolean use(String userId, long step) {
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate(
                        "UPDATE user_totp SET last_step = :step,"
                            + " confirmed_at = COALESCE(confirmed_at, :now)"
                            + " WHERE user_id = :u AND last_step < :step")
                    .bind("u", userId)
                    .bind("step", step)
                    .bind("now", clock.millis())
                    .execute())
        == 1;
  }

  /** Removes the user's second factor (an admin's reset, or a customer turning it off). */
  public boolean reset(String userId) {
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate("DELETE FROM user_totp WHERE user_id = :u")
                    .bind("u", userId)
                    .execute())
        > 0;
  }
}
