package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailNotifierTest {
  private static final Instant NOW = Instant.parse("2026-11-19T18:06:00Z");
  private static final String FROM = "mimamori <alerts@mimamori.example.jp>";
  private static final String TO = "soc@shop.example.jp";

  private final TestSmtpServer smtp = new TestSmtpServer();

  @BeforeEach
  void start() {
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private EmailNotifier notifier(List<String> to) {
    return notifier(
        new EmailNotifier.Config(
            "127.0.0.1",
            smtp.port(),
            EmailNotifier.Tls.NONE,
            null,
            null,
            FROM,
            to,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2)));
  }

  private static EmailNotifier notifier(EmailNotifier.Config config) {
    return new EmailNotifier(config, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private MimeMessage delivered(Notification n) throws Exception {
    notifier(List.of(TO)).send(n);
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private static String text(MimeMessage m) throws Exception {
    return ((String) m.getContent()).replace("\r\n", "\n");
  }

  private static List<String> headerNames(MimeMessage m) throws Exception {
    List<String> names = new ArrayList<>();
    for (Header h : Collections.list(m.getAllHeaders())) {
      names.add(h.getName());
    }
    return names;
  }

  private NotificationException failure(EmailNotifier notifier, Notification n) {
    return catchThrowableOfType(NotificationException.class, () -> notifier.send(n));
  }

  @Test
  void deliversTheEnglishSubject() throws Exception {
    assertThat(delivered(Fixtures.english(incident("Web shell"))).getSubject())
        .isEqualTo("[mimamori] New incident: Web shell (high, furusato-shop)");
  }

  @Test
  void deliversTheEnglishBody() throws Exception {
    Notification n = Fixtures.english(incident("Web shell"));

    assertThat(text(delivered(n))).isEqualTo(MessageText.of(n).body());
  }

  @Test
  void deliversAJapaneseSubjectIntact() throws Exception {
    assertThat(delivered(Fixtures.japanese(incident("管理画面への不正ログイン"))).getSubject())
        .isEqualTo("[mimamori] 新しいインシデント：管理画面への不正ログイン（重大度：高、furusato-shop）");
  }

  @Test
  void deliversAJapaneseBodyIntact() throws Exception {
    Notification n = Fixtures.japanese(incident("管理画面への不正ログイン"));

    assertThat(text(delivered(n))).isEqualTo(MessageText.of(n).body());
  }

  @Test
  void encodesTheJapaneseSubjectAsEncodedWords() throws Exception {
    MimeMessage m = delivered(Fixtures.japanese(incident("不正ログイン")));

    assertThat(m.getHeader("Subject", null)).startsWith("=?UTF-8?").isASCII();
  }

  @Test
  void sendsPlainTextInUtf8() throws Exception {
    MimeMessage m = delivered(Fixtures.japanese(incident("不正ログイン")));

    assertThat(m.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
  }

  @Test
  void addressesTheConfiguredSenderAndRecipient() throws Exception {
    MimeMessage m = delivered(Fixtures.english(incident("x")));

    assertThat(m.getFrom()[0].toString()).isEqualTo(FROM);
    assertThat(m.getRecipients(Message.RecipientType.TO))
        .extracting(Address::toString)
        .containsExactly(TO);
  }

  @Test
  void marksTheMessageAsAutomatic() throws Exception {
    assertThat(delivered(Fixtures.english(incident("x"))).getHeader("Auto-Submitted", null))
        .isEqualTo("auto-generated");
  }

  @Test
  void keepsAHostileTitleFromAddingAHeader() throws Exception {
    MimeMessage m = delivered(Fixtures.english(incident(HOSTILE)));

    assertThat(headerNames(m)).doesNotContain("Bcc", "bcc");
  }

  @Test
  void keepsAHostileTitleInTheSubjectOnOneLine() throws Exception {
    assertThat(delivered(Fixtures.english(incident(HOSTILE))).getSubject())
        .isEqualTo(
            "[mimamori] New incident: <script>alert(1)</script> <!channel> [toall] *bold*"
                + " ??Bcc: x@evil.example (high, furusato-shop)");
  }

  @Test
  void sendsAHostileTitleToNobodyElse() throws Exception {
    delivered(Fixtures.english(incident(HOSTILE)));

    assertThat(smtp.getReceivedMessagesForDomain("evil.example")).isEmpty();
  }

  @Test
  void sendsToEveryConfiguredRecipient() throws Exception {
    notifier(List.of(TO, "cto@shop.example.jp")).send(Fixtures.english(incident("x")));

    assertThat(smtp.getReceivedMessages()).hasSize(2); // one copy per mailbox
  }

  @Test
  void sendsToTheRecipientOverride() throws Exception {
    notifier(List.of(TO)).send(Fixtures.to("oncall@shop.example.jp"));

    assertThat(smtp.getReceivedMessagesForDomain("shop.example.jp")[0].getAllRecipients())
        .extracting(Address::toString)
        .containsExactly("oncall@shop.example.jp");
  }

  @Test
  void refusesAnInvalidRecipientOverrideAsPermanent() {
    NotificationException e =
        failure(notifier(List.of(TO)), Fixtures.to("oncall@shop.example.jp\r\nBcc: x@evil"));

    assertThat(e.temporary()).isFalse();
  }

  @Test
  void refusesAListAsRecipientOverride() {
    NotificationException e =
        failure(notifier(List.of(TO)), Fixtures.to("a@shop.example.jp, b@evil.example"));

    assertThat(e.temporary()).isFalse();
  }

  @Test
  void rejectedMailboxIsPermanent() {
    NotificationException e =
        failure(notifier(List.of("nobody@shop.example.jp")), Fixtures.english(incident("x")));

    assertThat(e.temporary()).isFalse();
  }

  @Test
  void rejectedMailboxNamesTheReplyCode() {
    NotificationException e =
        failure(notifier(List.of("nobody@shop.example.jp")), Fixtures.english(incident("x")));

    assertThat(e.getMessage()).contains("550");
  }

  @Test
  void busyMailboxIsTemporary() {
    NotificationException e =
        failure(notifier(List.of("busy@shop.example.jp")), Fixtures.english(incident("x")));

    assertThat(e.temporary()).isTrue();
  }

  @Test
  void serverThatIsDownIsTemporary() {
    EmailNotifier notifier = notifier(List.of(TO));
    smtp.stop();

    NotificationException e = failure(notifier, Fixtures.english(incident("x")));

    assertThat(e.temporary()).isTrue();
  }

  @Test
  void silentServerTimesOutAsTemporary() throws Exception {
    // Connections complete in the kernel's backlog, but no greeting ever comes.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      EmailNotifier n =
          notifier(
              new EmailNotifier.Config(
                  "127.0.0.1",
                  silent.getLocalPort(),
                  EmailNotifier.Tls.NONE,
                  null,
                  null,
                  FROM,
                  List.of(TO),
                  Duration.ofSeconds(2),
                  Duration.ofMillis(300)));

      assertThat(failure(n, Fixtures.english(incident("x"))).temporary()).isTrue();
    }
  }

  @Test
  void wrongPasswordIsPermanent() {
    smtp.setUser("alerts@mimamori.example.jp", "alerts", "right-password");
    EmailNotifier n =
        notifier(
            new EmailNotifier.Config(
                "127.0.0.1",
                smtp.port(),
                EmailNotifier.Tls.NONE,
                "alerts",
                "wrong-password",
                FROM,
                List.of(TO),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2)));

    assertThat(failure(n, Fixtures.english(incident("x"))).temporary()).isFalse();
  }

  @Test
  void logsInWithTheRightPassword() throws Exception {
    smtp.setUser("alerts@mimamori.example.jp", "alerts", "right-password");
    notifier(
            new EmailNotifier.Config(
                "127.0.0.1",
                smtp.port(),
                EmailNotifier.Tls.NONE,
                "alerts",
                "right-password",
                FROM,
                List.of(TO),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2)))
        .send(Fixtures.english(incident("x")));

    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void requiresStartTlsWhenConfigured() {
    Properties p =
        EmailNotifier.properties(
            new EmailNotifier.Config(
                "smtp.example.jp", 587, EmailNotifier.Tls.STARTTLS, FROM, List.of(TO)));

    assertThat(p)
        .containsEntry("mail.smtp.starttls.enable", "true")
        .containsEntry("mail.smtp.starttls.required", "true");
  }

  @Test
  void checksTheServersCertificateName() {
    Properties p =
        EmailNotifier.properties(
            new EmailNotifier.Config(
                "smtp.example.jp", 465, EmailNotifier.Tls.SMTPS, FROM, List.of(TO)));

    assertThat(p).containsEntry("mail.smtps.ssl.checkserveridentity", "true");
  }

  @Test
  void setsTheDefaultTimeouts() {
    Properties p =
        EmailNotifier.properties(
            new EmailNotifier.Config(
                "smtp.example.jp", 587, EmailNotifier.Tls.STARTTLS, FROM, List.of(TO)));

    assertThat(p)
        .containsEntry("mail.smtp.connectiontimeout", "5000")
        .containsEntry("mail.smtp.timeout", "15000");
  }

  @Test
  void refusesAPasswordOverPlainSmtpToAnotherHost() {
    assertThatThrownBy(
            () ->
                new EmailNotifier.Config(
                    "smtp.example.jp",
                    25,
                    EmailNotifier.Tls.NONE,
                    "u",
                    "p",
                    FROM,
                    List.of(TO),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnInvalidRecipient() {
    assertThatThrownBy(
            () ->
                new EmailNotifier.Config(
                    "smtp.example.jp",
                    587,
                    EmailNotifier.Tls.STARTTLS,
                    FROM,
                    List.of("not an address")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'to'");
  }

  @Test
  void refusesNoRecipients() {
    assertThatThrownBy(
            () ->
                new EmailNotifier.Config(
                    "smtp.example.jp", 587, EmailNotifier.Tls.STARTTLS, FROM, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAPasswordWithoutAUserName() {
    assertThatThrownBy(
            () ->
                new EmailNotifier.Config(
                    "smtp.example.jp",
                    587,
                    EmailNotifier.Tls.STARTTLS,
                    null,
                    "p",
                    FROM,
                    List.of(TO),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesTlsModes() {
    assertThat(EmailNotifier.Tls.parse("STARTTLS")).isEqualTo(EmailNotifier.Tls.STARTTLS);
  }

  @Test
  void toStringHidesThePassword() {
    assertThat(
            new EmailNotifier.Config(
                    "smtp.example.jp",
                    587,
                    EmailNotifier.Tls.STARTTLS,
                    "alerts",
                    "pa55w0rd",
                    FROM,
                    List.of(TO),
                    null,
                    null)
                .toString())
        .contains("alerts")
        .doesNotContain("pa55w0rd");
  }
}
