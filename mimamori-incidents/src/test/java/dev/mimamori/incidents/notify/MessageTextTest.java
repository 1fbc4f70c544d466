package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageTextTest {

  private static MessageText english(Notification.Kind kind, IncidentStatus status) {
    return MessageText.of(
        Fixtures.notification(
            kind, incident("Web shell", Severity.HIGH, status), Locale.ENGLISH, null, null, null));
  }

  private static MessageText japanese(Notification.Kind kind, IncidentStatus status) {
    return MessageText.of(
        Fixtures.notification(
            kind, incident("Web shell", Severity.HIGH, status), Locale.JAPANESE, null, null, null));
  }

  @Test
  void writesTheWholeEnglishMessage() {
    MessageText t =
        MessageText.of(
            Fixtures.notification(
                Notification.Kind.INCIDENT_OPENED,
                incident("Web shell on furusato-shop"),
                Locale.ENGLISH,
                null,
                "https://m.example/ack/1",
                "2 more alerts were grouped"));

    assertThat(t.body())
        .isEqualTo(
            """
            New incident

            Severity: high
            Shop: furusato-shop
            Title: Web shell on furusato-shop
            Status: new
            Alerts: 3
            First seen: 2026-11-19T18:00:00Z
            Last seen: 2026-11-19T18:05:30Z
            Incident: inc-1
            Tenant: acme

            Observables
            - IP: 203.0.113.7
            - URL: https://evil-cdn.example.com/skim.js
            - File: html/user_data/shell.php

            Note: 2 more alerts were grouped

            Acknowledge: https://m.example/ack/1""");
  }

  @Test
  void writesTheWholeJapaneseMessageWithJapanTime() {
    MessageText t =
        MessageText.of(
            Fixtures.notification(
                Notification.Kind.INCIDENT_OPENED,
                incident("管理画面への不正ログイン"),
                Locale.JAPANESE,
                null,
                "https://m.example/ack/1",
                null));

    assertThat(t.body())
        .isEqualTo(
            """
            新しいインシデント

            重大度：高 (high)
            ショップ：furusato-shop
            タイトル：管理画面への不正ログイン
            状態：新規
            アラート件数：3件
            初回検知：2026-11-20 03:00:00 JST (2026-11-19T18:00:00Z)
            最終検知：2026-11-20 03:05:30 JST (2026-11-19T18:05:30Z)
            インシデントID：inc-1
            テナント：acme

            関連する痕跡（IPアドレス・URL・ファイルなど）
            - IPアドレス：203.0.113.7
            - URL：https://evil-cdn.example.com/skim.js
            - ファイル：html/user_data/shell.php

            確認（アクノリッジ）する：https://m.example/ack/1""");
  }

  @Test
  void summarisesInOneEnglishLine() {
    assertThat(english(Notification.Kind.INCIDENT_OPENED, IncidentStatus.NEW).subject())
        .isEqualTo("[mimamori] New incident: Web shell (high, furusato-shop)");
  }

  @Test
  void summarisesInOneJapaneseLine() {
    assertThat(japanese(Notification.Kind.INCIDENT_OPENED, IncidentStatus.NEW).subject())
        .isEqualTo("[mimamori] 新しいインシデント：Web shell（重大度：高、furusato-shop）");
  }

  @ParameterizedTest
  @EnumSource(Notification.Kind.class)
  void hasAnEnglishHeadlineForEveryKind(Notification.Kind kind) {
    assertThat(english(kind, IncidentStatus.NEW).headline()).isNotBlank().isASCII();
  }

  @ParameterizedTest
  @EnumSource(Notification.Kind.class)
  void hasAJapaneseHeadlineForEveryKind(Notification.Kind kind) {
    assertThat(japanese(kind, IncidentStatus.NEW).headline()).isNotBlank().matches(".*[ぁ-ん].*");
  }

  @Test
  void namesTheNewStatusInAStatusChange() {
    assertThat(english(Notification.Kind.STATUS_CHANGED, IncidentStatus.RESOLVED).headline())
        .isEqualTo("Incident resolved");
  }

  @Test
  void namesTheNewStatusInAJapaneseStatusChange() {
    assertThat(japanese(Notification.Kind.STATUS_CHANGED, IncidentStatus.FALSE_POSITIVE).headline())
        .isEqualTo("インシデントの状態が「誤検知」になりました");
  }

  @Test
  void asksForAcknowledgementInAJapanesePage() {
    assertThat(japanese(Notification.Kind.PAGE, IncidentStatus.NEW).headline())
        .isEqualTo("呼び出し：このインシデントの確認をお願いします");
  }

  @Test
  void listsAtMostTenObservablesAndCountsTheRest() {
    MessageText t = MessageText.of(Fixtures.english(Fixtures.withObservables(14)));

    assertThat(t.observables()).hasSize(10);
    assertThat(t.moreObservables()).isEqualTo("… and 4 more");
  }

  @Test
  void countsTheRestInJapanese() {
    assertThat(MessageText.of(Fixtures.japanese(Fixtures.withObservables(12))).moreObservables())
        .isEqualTo("ほか2件");
  }

  @Test
  void leavesOutTheAckLineWithoutALink() {
    assertThat(english(Notification.Kind.INCIDENT_OPENED, IncidentStatus.NEW).body())
        .doesNotContain("Acknowledge");
  }

  @Test
  void keepsAHostileTitleOnOneLine() {
    MessageText t = MessageText.of(Fixtures.english(incident(HOSTILE)));

    assertThat(t.title())
        .isEqualTo("<script>alert(1)</script> <!channel> [toall] *bold* ??Bcc: x@evil.example");
  }

  @Test
  void keepsTheSubjectOnOneLine() {
    assertThat(MessageText.of(Fixtures.english(incident(HOSTILE))).subject())
        .doesNotContain("\r", "\n");
  }

  @Test
  void clipsAVeryLongTitle() {
    MessageText t = MessageText.of(Fixtures.english(incident("x".repeat(10_000))));

    assertThat(t.title()).hasSize(MessageText.MAX_TITLE).endsWith("…");
  }
}
