package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;

class NetworkLogTest {
  static LogEntry sent(int i, String url) {
    return new LogEntry(
        Level.INFO,
        0,
        "{\"message\":{\"method\":\"Network.requestWillBeSent\",\"params\":{\"requestId\":\"r"
            + i
            + "\",\"type\":\"Image\",\"request\":{\"url\":\""
            + url
            + "\",\"method\":\"GET\"},\"initiator\":{\"type\":\"script\"}}}}");
  }

  static LogEntry failed(int i, String error) {
    return new LogEntry(
        Level.INFO,
        0,
        "{\"message\":{\"method\":\"Network.loadingFailed\",\"params\":{\"requestId\":\"r"
            + i
            + "\",\"errorText\":\""
            + error
            + "\"}}}");
  }

  @Test
  void pageOpeningThousandsOfRequestsKeepsTheFirstFiveThousandAndCountsTheRest() {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < NetworkLog.MAX_REQUESTS + 1234; i++) {
      entries.add(sent(i, "https://flood.example/p" + i + ".gif"));
    }
    NetworkLog log = new NetworkLog();
    log.read(entries);
    assertThat(List.of((long) log.seen().size(), log.dropped()))
        .containsExactly((long) NetworkLog.MAX_REQUESTS, 1234L);
  }

  @Test
  void redirectLoopIsOneRequestCarryingTheLastHopsFailure() {
    List<LogEntry> entries = new ArrayList<>();
    for (int hop = 0; hop < 21; hop++) {
      entries.add(sent(7, "http://shop.example/loop"));
    }
    entries.add(failed(7, "net::ERR_TOO_MANY_REDIRECTS"));
    NetworkLog log = new NetworkLog();
    log.read(entries);
    assertThat(log.requests(InventoryTaker.TestData.DEFAULT))
        .singleElement()
        .extracting(PageInventory.Request::error)
        .isEqualTo("net::ERR_TOO_MANY_REDIRECTS");
  }

  @Test
  void requestRefusedByTheMonitorsBlocklistSaysSo() {
    NetworkLog log = new NetworkLog();
    log.read(
        List.of(
            sent(1, "http://169.254.169.254/latest/meta-data/"),
            new LogEntry(
                Level.INFO,
                0,
                "{\"message\":{\"method\":\"Network.loadingFailed\",\"params\":{\"requestId\":\"r1\","
                    + "\"errorText\":\"net::ERR_BLOCKED_BY_CLIENT\",\"blockedReason\":\"inspector\"}}}")));
    assertThat(log.requests(InventoryTaker.TestData.DEFAULT).get(0).error())
        .isEqualTo("net::ERR_BLOCKED_BY_CLIENT (blocked: never reachable from the monitor)");
  }

  @Test
  void requestCarryingTheCardIsKeptEvenPastTheCap() {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < NetworkLog.MAX_REQUESTS + 10; i++) {
      entries.add(sent(i, "https://flood.example/p" + i + ".gif"));
    }
    entries.add(sent(99999, "https://skim.example/c?d=4111111111111111"));
    NetworkLog log = new NetworkLog();
    log.read(entries);
    assertThat(log.requests(InventoryTaker.TestData.DEFAULT))
        .anyMatch(PageInventory.Request::carriesSensitiveData);
  }
}
