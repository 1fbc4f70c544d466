package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Observable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SQLite database holding dtb_member and mtb_work in EC-CUBE 4's shape. */
class EccubeAdminDisableActionTest {
  @TempDir Path dir;
  String url;
  ResponseAction action;

  @BeforeEach
  void setUp() throws Exception {
    url = "jdbc:sqlite:" + dir.resolve("eccube.db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE mtb_work (id SMALLINT PRIMARY KEY, name VARCHAR(255) NOT NULL,"
              + " sort_no SMALLINT NOT NULL, discriminator_type VARCHAR(255) NOT NULL)");
      s.execute("INSERT INTO mtb_work VALUES (0, '非稼働', 0, 'work'), (1, '稼働', 1, 'work')");
      s.execute(
          "CREATE TABLE dtb_member (id INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " work_id SMALLINT REFERENCES mtb_work(id), authority_id SMALLINT,"
              + " creator_id INTEGER, name VARCHAR(255), department VARCHAR(255),"
              + " login_id VARCHAR(255) NOT NULL, password VARCHAR(255) NOT NULL,"
              + " salt VARCHAR(255), sort_no SMALLINT NOT NULL,"
              + " two_factor_auth_key VARCHAR(255), two_factor_auth_enabled BOOLEAN NOT NULL"
              + " DEFAULT 0, create_date DATETIME NOT NULL, update_date DATETIME NOT NULL,"
              + " login_date DATETIME, discriminator_type VARCHAR(255) NOT NULL)");
      for (String login : new String[] {"owner", "staff", "'; DROP TABLE dtb_member; --"}) {
        s.execute(
            "INSERT INTO dtb_member (work_id, authority_id, login_id, password, sort_no,"
                + " create_date, update_date, discriminator_type) VALUES (1, 0, '"
                + login.replace("'", "''")
                + "', 'x', 1, '2026-01-01', '2026-01-01', 'member')");
      }
    }
    action =
        ResponseActions.find("eccube-admin-disable")
            .orElseThrow()
            .create(new EccubeAdminDisableAction.Config(url, null, null));
  }

  static ActionRequest user(String login) {
    return new ActionRequest("shop", "inc-5", new Observable(Observable.Type.USER, login));
  }

  int work(String login) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement("SELECT work_id FROM dtb_member WHERE login_id = ?")) {
      s.setString(1, login);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void setsTheAccountToNotWorking() throws Exception {
    ActionResult r = action.execute(user("staff"));

    assertThat(r.changed()).isTrue();
    assertThat(work("staff")).isZero();
    assertThat(work("owner")).isEqualTo(1);
  }

  @Test
  void undoSetsItBackToWorking() throws Exception {
    action.execute(user("staff"));

    assertThat(action.undo(user("staff")).changed()).isTrue();

    assertThat(work("staff")).isEqualTo(1);
    assertThat(action.undo(user("staff")).changed()).isFalse();
  }

  @Test
  void disablingTwiceChangesNothingTheSecondTime() throws Exception {
    action.execute(user("staff"));

    assertThat(action.execute(user("staff")).changed()).isFalse();
  }

  @Test
  void neverDisablesTheLastWorkingAccount() throws Exception {
    action.execute(user("staff"));
    action.execute(user("'; DROP TABLE dtb_member; --"));

    assertThatThrownBy(() -> action.execute(user("owner")))
        .hasMessageContaining("last working admin");
    assertThat(work("owner")).isEqualTo(1);
  }

  @Test
  void aLoginIdIsOnlyEverAParameter() throws Exception {
    action.execute(user("'; DROP TABLE dtb_member; --"));

    assertThat(work("'; DROP TABLE dtb_member; --")).isZero();
    assertThat(work("owner")).isEqualTo(1);
  }

  @Test
  void anUnknownAccountIsAPermanentError() {
    assertThatThrownBy(() -> action.execute(user("nobody")))
        .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isFalse());
  }

  @Test
  void aDryRunChangesNothing() throws Exception {
    assertThat(action.execute(user("staff").asDryRun()).summary())
        .startsWith("dry run: would disable");
    assertThat(work("staff")).isEqualTo(1);
  }

  @Test
  void actsOnUsersOnly() {
    assertThatThrownBy(
            () -> action.execute(new ActionRequest("s", "i", Observable.ip("203.0.113.1"))))
        .hasMessageContaining("user");
  }

  @Test
  void refusesATablePrefixThatIsNotAName() {
    assertThatThrownBy(
            () -> new EccubeAdminDisableAction.Config(url, null, null, "dtb_; DROP TABLE x;"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
