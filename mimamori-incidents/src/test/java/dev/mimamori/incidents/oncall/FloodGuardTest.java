package dev.mimamori.incidents.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloodGuardTest {
  static final Instant T0 = Instant.parse("2026-03-03T03:00:00Z");
  final FloodGuard guard = new FloodGuard(new PageBudget(3));

  static Page page(String incident, String person) {
    return page(incident, person, Severity.MEDIUM);
  }

  static Page page(String incident, String person, Severity severity) {
    return new Page(incident, person, severity, 0, 0, "test");
  }

  static List<Page> pages(int n, String person) {
    List<Page> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(page("inc-" + i, person));
    }
    return out;
  }

  static List<String> ids(Admission a) {
    return a.deliveries().stream().map(Delivery::id).toList();
  }

  @Test
  void letsPagesWithinTheBudgetThrough() {
    Admission a = guard.admit(PageLedger.empty(), pages(3, "aiko"), T0);

    assertThat(ids(a)).containsExactly("inc-1/0/0/aiko", "inc-2/0/0/aiko", "inc-3/0/0/aiko");
  }

  @Test
  void foldsPagesOverTheBudgetIntoOneSummaryInTheLastSlot() {
    Admission a = guard.admit(PageLedger.empty(), pages(7, "aiko"), T0);

    assertThat(a.deliveries())
        .extracting(d -> d.getClass().getSimpleName())
        .containsExactly("Single", "Single", "Summary");
  }

  @Test
  void summaryCountsTheFoldedPages() {
    Admission a = guard.admit(PageLedger.empty(), pages(7, "aiko"), T0);

    assertThat(((Delivery.Summary) a.deliveries().get(2)).count()).isEqualTo(5);
  }

  @Test
  void keepsEachPersonsBudgetApart() {
    List<Page> both = new ArrayList<>(pages(3, "aiko"));
    both.addAll(pages(3, "ken"));

    assertThat(guard.admit(PageLedger.empty(), both, T0).deliveries())
        .allMatch(d -> d instanceof Delivery.Single)
        .hasSize(6);
  }

  @Test
  void holdsPagesOnceTheHoursBudgetIsUsedUp() {
    Admission first = guard.admit(PageLedger.empty(), pages(3, "aiko"), T0);

    Admission later =
        guard.admit(
            first.ledger(),
            List.of(page("inc-8", "aiko"), page("inc-9", "aiko")),
            T0.plus(Duration.ofMinutes(10)));

    assertThat(later.deliveries()).isEmpty();
  }

  @Test
  void saysWhenHeldPagesCanGoOut() {
    Admission first = guard.admit(PageLedger.empty(), pages(3, "aiko"), T0);

    Admission later =
        guard.admit(
            first.ledger(), List.of(page("inc-8", "aiko")), T0.plus(Duration.ofMinutes(10)));

    assertThat(later.nextRelease()).contains(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void releasesHeldPagesWhenTheHourIsOver() {
    Admission first = guard.admit(PageLedger.empty(), pages(3, "aiko"), T0);
    Admission held =
        guard.admit(
            first.ledger(),
            List.of(page("inc-8", "aiko"), page("inc-9", "aiko")),
            T0.plus(Duration.ofMinutes(10)));

    Admission released = guard.release(held.ledger(), T0.plus(Duration.ofHours(1)));

    assertThat(ids(released)).containsExactly("inc-8/0/0/aiko", "inc-9/0/0/aiko");
  }

  @Test
  void neverSendsMoreThanTheBudgetInAnyHour() {
    PageLedger ledger = PageLedger.empty();
    List<Instant> sent = new ArrayList<>();
    for (int minute = 0; minute < 180; minute++) {
      Instant now = T0.plus(Duration.ofMinutes(minute));
      Admission a = guard.admit(ledger, List.of(page("inc-" + minute, "aiko")), now);
      a.deliveries().forEach(d -> sent.add(now));
      ledger = a.ledger();
    }

    assertThat(sent)
        .allSatisfy(
            t ->
                assertThat(
                        sent.stream()
                            .filter(s -> !s.isBefore(t) && s.isBefore(t.plus(Duration.ofHours(1)))))
                    .hasSizeLessThanOrEqualTo(3));
  }

  @Test
  void losesNoPage() {
    PageLedger ledger = PageLedger.empty();
    int delivered = 0;
    for (int minute = 0; minute < 180; minute++) {
      Admission a =
          guard.admit(
              ledger, List.of(page("inc-" + minute, "aiko")), T0.plus(Duration.ofMinutes(minute)));
      delivered +=
          a.deliveries().stream()
              .mapToInt(d -> d instanceof Delivery.Summary s ? s.count() : 1)
              .sum();
      ledger = a.ledger();
    }

    assertThat(delivered + ledger.heldCount()).isEqualTo(180);
  }

  @Test
  void sendsTheMostSevereOnItsOwn() {
    List<Page> mixed = new ArrayList<>(pages(4, "aiko"));
    mixed.add(page("inc-critical", "aiko", Severity.CRITICAL));

    Admission a = guard.admit(PageLedger.empty(), mixed, T0);

    assertThat(a.deliveries().get(0).id()).isEqualTo("inc-critical/0/0/aiko");
  }

  @Test
  void summaryIdIsTheSameForTheSameFold() {
    String first = guard.admit(PageLedger.empty(), pages(7, "aiko"), T0).deliveries().get(2).id();

    assertThat(guard.admit(PageLedger.empty(), pages(7, "aiko"), T0).deliveries().get(2).id())
        .isEqualTo(first);
  }

  @Test
  void queuesTheSamePageOnlyOnce() {
    Admission first = guard.admit(PageLedger.empty(), pages(3, "aiko"), T0);
    Admission held = guard.admit(first.ledger(), List.of(page("inc-8", "aiko")), T0);

    Admission again = guard.admit(held.ledger(), List.of(page("inc-8", "aiko")), T0);

    assertThat(again.ledger().heldCount()).isEqualTo(1);
  }

  @Test
  void dropsHeldPagesOfAnAcknowledgedIncident() {
    Admission first = guard.admit(PageLedger.empty(), pages(3, "aiko"), T0);
    Admission held = guard.admit(first.ledger(), List.of(page("inc-8", "aiko")), T0);

    assertThat(held.ledger().withoutIncident("inc-8").heldCount()).isZero();
  }
}
