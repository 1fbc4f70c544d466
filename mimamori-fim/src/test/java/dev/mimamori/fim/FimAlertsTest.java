package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FimAlertsTest {
  private static FileRecord htaccess(long ctime) {
    return new FileRecord(
        "html/upload/.htaccess",
        FileKind.FILE,
        10,
        0644,
        33,
        33,
        5,
        ctime,
        7,
        new byte[32],
        null,
        -1);
  }

  private static Alert deleted(long ctime) {
    Change c =
        new Change(
            "/srv/shop",
            "html/upload/.htaccess",
            ChangeKind.DELETED,
            Severity.MEDIUM,
            List.of("removed"),
            List.of(),
            null,
            htaccess(ctime),
            null,
            1,
            List.of());
    return FimAlerts.toAlert(c, "city", "shop", Instant.EPOCH);
  }

  @Test
  void theSameChangeSeenAgainHasTheSameId() {
    assertThat(deleted(100).id()).isEqualTo(deleted(100).id());
  }

  @Test
  void aFileDeletedAgainAfterItWasRestoredIsANewAlert() {
    // Regression: the id once ignored the ctime, so the second deletion was dropped as a repeat.
    assertThat(deleted(100).id()).isNotEqualTo(deleted(200).id());
  }

  @Test
  void aChangeNamesTheFileAsAnObservable() {
    assertThat(deleted(1).observables())
        .extracting(o -> o.value())
        .contains("/srv/shop/html/upload/.htaccess");
  }
}
