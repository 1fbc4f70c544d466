package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages with files (monthly reports) through a real SMTP server. */
class EmailDocumentTest {
  private static final byte[] PDF =
      "%PDF-1.7\n\u0000\u00ff binary %%EOF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  private final TestSmtpServer smtp = new TestSmtpServer();

  @BeforeEach
  void start() {
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private EmailNotifier notifier() {
    return new EmailNotifier(
        new EmailNotifier.Config(
            "127.0.0.1",
            smtp.port(),
            EmailNotifier.Tls.NONE,
            null,
            null,
            "mimamori <reports@mimamori.example.jp>",
            List.of("soc@mimamori.example.jp"),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2)),
        Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static DocumentMessage report(String to, String subject) {
    return new DocumentMessage(
        "msg-1",
        Locale.JAPANESE,
        to,
        subject,
        "2026年11月のレポートを添付します。",
        List.of(new Attachment("mimamori-report-shop-a-2026-11.pdf", "application/pdf", PDF)));
  }

  private MimeMessage delivered(DocumentMessage d) throws Exception {
    notifier().sendDocument(d);
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private static Part part(MimeMessage m, int i) throws Exception {
    return ((MimeMultipart) m.getContent()).getBodyPart(i);
  }

  @Test
  void theAttachmentArrivesByteForByte() throws Exception {
    Part file = part(delivered(report("owner@shop-a.example.jp", "月次レポート")), 1);

    try (InputStream in = file.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(PDF);
    }
  }

  @Test
  void theAttachmentKeepsItsNameAndType() throws Exception {
    Part file = part(delivered(report("owner@shop-a.example.jp", "月次レポート")), 1);

    assertThat(file.getFileName() + " " + file.getContentType().split(";")[0])
        .isEqualTo("mimamori-report-shop-a-2026-11.pdf application/pdf");
  }

  @Test
  void theTextComesFirstInUtf8() throws Exception {
    Part text = part(delivered(report("owner@shop-a.example.jp", "月次レポート")), 0);

    assertThat(((String) text.getContent()).strip()).isEqualTo("2026年11月のレポートを添付します。");
  }

  @Test
  void goesOnlyToTheRecipientNamed() throws Exception {
    MimeMessage m = delivered(report("owner@shop-a.example.jp", "月次レポート"));

    assertThat(m.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("owner@shop-a.example.jp");
  }

  @Test
  void aSubjectCannotAddAHeader() throws Exception {
    MimeMessage m = delivered(report("owner@shop-a.example.jp", "x\r\nBcc: evil@example.com"));

    assertThat(m.getHeader("Bcc")).isNull();
  }

  @Test
  void aRecipientThatIsNoPlainAddressIsAPermanentError() {
    NotificationException e =
        catchThrowableOfType(
            NotificationException.class,
            () -> notifier().sendDocument(report("a@x.jp, b@y.jp", "s")));

    assertThat(e.temporary()).isFalse();
  }

  @Test
  void refusesAFileNameWithAHeaderBreak() {
    assertThatThrownBy(() -> new Attachment("a\r\nb.pdf", "application/pdf", PDF))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
