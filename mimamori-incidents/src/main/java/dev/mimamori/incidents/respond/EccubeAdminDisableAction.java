package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Disables an EC-CUBE 4 admin account: sets {@code dtb_member.work_id} to 0 ({@code mtb_work} 非稼働,
 * not working) for the login id. EC-CUBE's {@code MemberProvider} only loads members whose work is
 * 1 (稼働), so the account can no longer log in, and a session it already has ends on its next
 * request (the user is reloaded the same way). Undo sets {@code work_id} back to 1. The login id is
 * bound as a parameter, never written into SQL; the table name comes from configuration and is
 * validated. The last working account is never disabled, so an incident naming the owner's own
 * login cannot lock every admin out.
 */
public final class EccubeAdminDisableAction implements ResponseAction {
  static final int NOT_WORKING = 0;
  static final int WORKING = 1;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{0,32}");

  /**
   * Settings.
   *
   * @param jdbcUrl the shop's database, e.g. {@code jdbc:postgresql://db/eccube} (its driver must
   *     be on the class path)
   * @param user the database user; null when the URL carries it
   * @param password the database password; null when none
   * @param tablePrefix prepended to {@code member}: {@code dtb_} for EC-CUBE
   */
  public record Config(
      String jdbcUrl, @Nullable String user, @Nullable String password, String tablePrefix) {
    public Config {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(tablePrefix, "tablePrefix");
      if (!jdbcUrl.startsWith("jdbc:")) {
        throw new IllegalArgumentException("jdbcUrl must start with jdbc:");
      }
      if (!PREFIX.matcher(tablePrefix).matches()) {
        throw new IllegalArgumentException("tablePrefix: letters, digits and _ only");
      }
    }

    public Config(String jdbcUrl, @Nullable String user, @Nullable String password) {
      this(jdbcUrl, user, password, "dtb_");
    }

    /** The password is not shown. */
    @Override
    public String toString() {
      return "Config[jdbcUrl=" + jdbcUrl + ", user=" + user + ", tablePrefix=" + tablePrefix + "]";
    }
  }

  private final Config config;
  private final String table;

  public EccubeAdminDisableAction(Config config) {
    this.config = config;
    this.table = config.tablePrefix() + "member";
  }

  @Override
  public String type() {
    return "eccube-admin-disable";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    String login = login(request);
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      Integer work = work(c, login);
      if (work == null) {
        throw new ActionException("no EC-CUBE admin account '" + login + "' in " + table, false);
      }
      if (work != WORKING) {
        c.rollback();
        return new ActionResult(false, "admin account '" + login + "' was already disabled");
      }
      if (workingOthers(c, login) == 0) {
        c.rollback();
        throw new ActionException(
            "'" + login + "' is the last working admin account; not disabling it", false);
      }
      if (request.dryRun()) {
        c.rollback();
        return ActionResult.dryRun(
            "would disable admin account '" + login + "' (" + table + ".work_id 1 -> 0)");
      }
      int n = setWork(c, login, WORKING, NOT_WORKING);
      c.commit();
      return new ActionResult(
          n > 0,
          n > 0
              ? "disabled admin account '" + login + "' (" + table + ".work_id = 0)"
              : "admin account '" + login + "' changed meanwhile; left as it is");
    } catch (SQLException e) {
      throw failure("disable", login, e);
    }
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    String login = login(request);
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      Integer work = work(c, login);
      if (work == null) {
        throw new ActionException("no EC-CUBE admin account '" + login + "' in " + table, false);
      }
      if (work != NOT_WORKING) {
        c.rollback();
        return new ActionResult(false, "admin account '" + login + "' was not disabled");
      }
      if (request.dryRun()) {
        c.rollback();
        return ActionResult.dryRun(
            "would enable admin account '" + login + "' again (" + table + ".work_id 0 -> 1)");
      }
      int n = setWork(c, login, NOT_WORKING, WORKING);
      c.commit();
      return new ActionResult(
          n > 0,
          n > 0
              ? "enabled admin account '" + login + "' again (" + table + ".work_id = 1)"
              : "admin account '" + login + "' changed meanwhile; left as it is");
    } catch (SQLException e) {
      throw failure("enable", login, e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
  }

  private @Nullable Integer work(Connection c, String login) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT work_id FROM " + table + " WHERE login_id = ?")) {
      s.setString(1, login);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        int w = rs.getInt(1);
        return rs.wasNull() ? -1 : w;
      }
    }
  }

  private int workingOthers(Connection c, String login) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COUNT(*) FROM " + table + " WHERE work_id = ? AND login_id <> ?")) {
      s.setInt(1, WORKING);
      s.setString(2, login);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private int setWork(Connection c, String login, int from, int to) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE " + table + " SET work_id = ? WHERE login_id = ? AND work_id = ?")) {
      s.setInt(1, to);
      s.setString(2, login);
      s.setInt(3, from);
      return s.executeUpdate();
    }
  }

  private static ActionException failure(String what, String login, SQLException e) {
    // A database that is down or busy is worth another try; a wrong table or URL is not.
    boolean temporary =
        e instanceof SQLTransientException
            || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    return new ActionException(
        "cannot " + what + " admin account '" + login + "': " + e.getMessage(), temporary, e);
  }

  private static String login(ActionRequest request) throws ActionException {
    Observable t = request.target();
    if (t.type() != Observable.Type.USER) {
      throw new ActionException(
          "eccube-admin-disable acts on user (login) names, not " + t.type().label(), false);
    }
    String v = t.value();
    if (v.isEmpty() || v.length() > 255 || v.codePoints().anyMatch(Character::isISOControl)) {
      throw new ActionException("not an EC-CUBE login id: '" + Commands.oneLine(v) + "'", false);
    }
    return v;
  }
}
