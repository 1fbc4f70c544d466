package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Observable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpiringActionsTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ExpiringActions expiring = new ExpiringActions(clock);

  NginxDenyAction deny() {
    return new NginxDenyAction(new NginxDenyAction.Config(dir.resolve("deny.conf")));
  }

  static ActionRequest ip(String v, Duration ttl) {
    return new ActionRequest("shop", "inc-1", Observable.ip(v)).withTtl(ttl);
  }

  @Test
  void undoesAnActionWhenItsTtlRunsOut() throws Exception {
    NginxDenyAction a = deny();
    expiring.execute(a, ip("203.0.113.1", Duration.ofMinutes(10)));

    clock.advance(Duration.ofMinutes(9));
    assertThat(expiring.undoDue()).isEmpty();
    assertThat(Files.readString(dir.resolve("deny.conf"))).contains("deny 203.0.113.1;");

    clock.advance(Duration.ofMinutes(1));
    List<ExpiringActions.Undone> undone = expiring.undoDue();

    assertThat(undone).hasSize(1);
    assertThat(undone.get(0).result().changed()).isTrue();
    assertThat(Files.readString(dir.resolve("deny.conf"))).doesNotContain("203.0.113.1");
    assertThat(expiring.scheduled()).isEmpty();
  }

  @Test
  void schedulesNothingWithoutATtlForADryRunOrWhenNothingChanged() throws Exception {
    NginxDenyAction a = deny();
    expiring.execute(a, new ActionRequest("shop", "inc-1", Observable.ip("203.0.113.1")));
    expiring.execute(a, ip("203.0.113.2", Duration.ofMinutes(1)).asDryRun());
    expiring.execute(a, ip("203.0.113.1", Duration.ofMinutes(1)));

    assertThat(expiring.scheduled()).isEmpty();
  }

  @Test
  void leavesActionsThatExpireByThemselvesToTheTarget() throws Exception {
    DecisionList list = new DecisionList(clock);
    CrowdSecBanAction ban = new CrowdSecBanAction(new CrowdSecBanAction.Config(list, "s"));

    expiring.execute(ban, ip("203.0.113.1", Duration.ofMinutes(1)));

    assertThat(expiring.scheduled()).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(list.active()).isEmpty();
  }

  @Test
  void anUndoByHandCancelsTheScheduledOne() throws Exception {
    NginxDenyAction a = deny();
    expiring.execute(a, ip("203.0.113.1", Duration.ofMinutes(10)));

    expiring.undo(a, ip("203.0.113.1", Duration.ofMinutes(10)));

    assertThat(expiring.scheduled()).isEmpty();
  }

  @Test
  void aTemporaryFailureIsTriedAgainNextTime() throws Exception {
    Path broken = dir.resolve("nginx-broken");
    // The reload works until the marker exists.
    NginxDenyAction a =
        new NginxDenyAction(
            new NginxDenyAction.Config(
                dir.resolve("deny.conf"), List.of("test", "!", "-e", broken.toString())));
    expiring.execute(a, ip("203.0.113.1", Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(1));
    Files.writeString(broken, "");

    List<ExpiringActions.Undone> first = expiring.undoDue();

    assertThat(first).singleElement().satisfies(u -> assertThat(u.retrying()).isTrue());
    assertThat(Files.readString(dir.resolve("deny.conf"))).contains("deny 203.0.113.1;");
    Files.delete(broken);

    List<ExpiringActions.Undone> second = expiring.undoDue();

    assertThat(second).singleElement().satisfies(u -> assertThat(u.result().changed()).isTrue());
    assertThat(expiring.scheduled()).isEmpty();
  }
}
