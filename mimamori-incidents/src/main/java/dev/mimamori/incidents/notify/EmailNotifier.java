package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;

/**
 * Sends a plain-text e-mail over SMTP (Jakarta Mail, Angus): subject and body in UTF-8, the subject
 * as RFC 2047 encoded words and the body quoted-printable or base64, so Japanese arrives intact.
 * Every header value is one line: the subject goes through {@link Sanitize#oneLine} and addresses
 * are parsed and validated, so incident text cannot add a header (no {@code Bcc:}).
 *
 * <p>Errors: a refused or timed-out connection and 4xx replies are temporary; 5xx replies (e.g.
 * {@code 550} mailbox unavailable), failed authentication and an invalid address are permanent.
 *
 * <p>It also sends {@link DocumentMessage}s (monthly reports): {@code multipart/mixed} with the
 * text first and each file base64-encoded after it, its name in RFC 2231 form.
 */
public final class EmailNotifier implements Notifier, DocumentChannel {

  /** How the connection to the SMTP server is protected. */
  public enum Tls {
    /** Plain SMTP (a local relay on port 25). */
    NONE,
    /** SMTP upgraded with STARTTLS, which the server must offer (usually port 587). */
    STARTTLS,
    /** SMTP inside TLS from the first byte (usually port 465). */
    SMTPS;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code none|starttls|smtps} in any case (also when reading a config file). */
    @JsonCreator
    public static Tls parse(String text) {
      for (Tls t : values()) {
        if (t.label().equalsIgnoreCase(text.strip())) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown tls mode '" + Sanitize.oneLine(text) + "' (expected none, starttls or smtps)");
    }
  }

  /**
   * Settings.
   *
   * @param host the SMTP server
   * @param port its port (25, 587, 465...)
   * @param tls none, starttls or smtps
   * @param username to log in, or null to send without authentication
   * @param password with the user name; over {@code tls: none} only to a loopback host
   * @param from the sender, e.g. {@code mimamori <alerts@example.jp>}
   * @param to the recipients, unless a notification names one
   * @param connectTimeout default 5 s
   * @param timeout for each read and write on the connection, default 15 s
   */
  public record Config(
      String host,
      int port,
      Tls tls,
      @Nullable String username,
      @Nullable String password,
      String from,
      List<String> to,
      @Nullable Duration connectTimeout,
      @Nullable Duration timeout) {

    public Config {
      ConfigChecks.required("host", host);
      if (host.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("'host' must be a host name or address");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("'port' must be between 1 and 65535");
      }
      Objects.requireNonNull(tls, "tls");
      if (username != null) {
        ConfigChecks.required("username", username);
      }
      if ((username == null) != (password == null)) {
        throw new IllegalArgumentException("'username' and 'password' go together");
      }
      if (password != null && tls == Tls.NONE && !ConfigChecks.isLoopback(host)) {
        throw new IllegalArgumentException(
            "a password is only sent over tls starttls or smtps (or to a loopback relay)");
      }
      try {
        sender(from);
      } catch (AddressException e) {
        throw new IllegalArgumentException("'from' is not a valid e-mail address");
      }
      if (to == null || to.isEmpty()) {
        throw new IllegalArgumentException("'to' needs at least one address");
      }
      to = List.copyOf(to);
      for (String address : to) {
        try {
          recipient(address);
        } catch (AddressException e) {
          throw new IllegalArgumentException("an address in 'to' is not a valid e-mail address");
        }
      }
      connectTimeout =
          ConfigChecks.timeout(
              "connect_timeout", connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT);
      timeout = ConfigChecks.timeout("timeout", timeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    }

    /** A server without authentication and the default timeouts. */
    public Config(String host, int port, Tls tls, String from, List<String> to) {
      this(host, port, tls, null, null, from, to, null, null);
    }

    /** Hides the password. */
    @Override
    public String toString() {
      return "EmailNotifier.Config[host="
          + host
          + ", port="
          + port
          + ", tls="
          + tls.label()
          + ", username="
          + username
          + ", password="
          + ConfigChecks.masked(password)
          + ", from="
          + from
          + ", to="
          + to
          + ", connectTimeout="
          + connectTimeout
          + ", timeout="
          + timeout
          + "]";
    }
  }

  private final Config config;
  private final Session session;
  private final InternetAddress from;
  private final List<InternetAddress> to;
  private final Clock clock;

  public EmailNotifier(Config config) {
    this(config, Clock.systemUTC());
  }

  EmailNotifier(Config config, Clock clock) {
    this.config = config;
    this.session = Session.getInstance(properties(config));
    this.clock = clock;
    try {
      this.from = sender(config.from());
      List<InternetAddress> list = new ArrayList<>();
      for (String address : config.to()) {
        list.add(recipient(address));
      }
      this.to = List.copyOf(list);
    } catch (AddressException e) {
      throw new IllegalArgumentException("invalid address in the e-mail settings", e);
    }
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    InternetAddress[] recipients;
    try {
      recipients =
          n.recipient() == null
              ? to.toArray(new InternetAddress[0])
              : new InternetAddress[] {recipient(n.recipient())};
    } catch (AddressException e) {
      throw new NotificationException(
          "email: the recipient is not a valid e-mail address", false, null, null);
    }
    MimeMessage message;
    try {
      message = message(n, recipients);
    } catch (MessagingException e) {
      throw new NotificationException("email: the message could not be built", false, e);
    }
    deliver(message, recipients);
  }

  @Override
  public void sendDocument(DocumentMessage d) throws NotificationException {
    InternetAddress[] recipients;
    try {
      recipients = new InternetAddress[] {recipient(d.recipient())};
    } catch (AddressException e) {
      throw new NotificationException(
          "email: the recipient is not a valid e-mail address", false, null, null);
    }
    MimeMessage message;
    try {
      message = document(d, recipients);
    } catch (MessagingException e) {
      throw new NotificationException("email: the message could not be built", false, e);
    }
    deliver(message, recipients);
  }

  private void deliver(MimeMessage message, InternetAddress[] recipients)
      throws NotificationException {
    Transport transport = null;
    try {
      transport = session.getTransport(protocol(config));
      transport.connect(config.host(), config.port(), config.username(), config.password());
      transport.sendMessage(message, recipients);
    } catch (MessagingException e) {
      throw classify(e, transport);
    } finally {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException ignored) {
          // the message was sent or the failure is already reported
        }
      }
    }
  }

  /** A message with files: the text part, then each attachment (base64, RFC 2231 file name). */
  MimeMessage document(DocumentMessage d, InternetAddress[] recipients) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(from);
    m.setRecipients(Message.RecipientType.TO, recipients);
    m.setSubject(Sanitize.oneLine(d.subject()), "UTF-8");
    MimeMultipart mixed = new MimeMultipart("mixed");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(d.body(), "UTF-8", "plain");
    mixed.addBodyPart(text);
    for (Attachment a : d.attachments()) {
      MimeBodyPart file = new MimeBodyPart();
      file.setDataHandler(
          new jakarta.activation.DataHandler(
              new jakarta.mail.util.ByteArrayDataSource(a.content(), a.contentType())));
      file.setFileName(a.filename());
      file.setDisposition(jakarta.mail.Part.ATTACHMENT);
      file.setHeader("Content-Transfer-Encoding", "base64");
      mixed.addBodyPart(file);
    }
    m.setContent(mixed);
    m.setSentDate(Date.from(clock.instant()));
    m.setHeader("Auto-Submitted", "auto-generated");
    m.setHeader("X-Mimamori-Notification-Id", HttpDelivery.headerValue(d.id()));
    m.saveChanges();
    return m;
  }

  /** The message: From, To, Subject (encoded words), Date, and a UTF-8 text/plain body. */
  MimeMessage message(Notification n, InternetAddress[] recipients) throws MessagingException {
    MessageText t = MessageText.of(n);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(from);
    m.setRecipients(Message.RecipientType.TO, recipients);
    m.setSubject(Sanitize.oneLine(t.subject()), "UTF-8");
    m.setText(t.body(), "UTF-8", "plain");
    m.setSentDate(Date.from(clock.instant()));
    m.setHeader("Auto-Submitted", "auto-generated");
    m.setHeader("X-Mimamori-Notification-Id", HttpDelivery.headerValue(n.id()));
    m.saveChanges();
    return m;
  }

  /** The Jakarta Mail session's settings: timeouts, TLS and certificate checks. */
  static Properties properties(Config c) {
    String p = protocol(c);
    Properties props = new Properties();
    props.setProperty("mail.transport.protocol", p);
    props.setProperty("mail." + p + ".host", c.host());
    props.setProperty("mail." + p + ".port", Integer.toString(c.port()));
    props.setProperty("mail." + p + ".connectiontimeout", millis(c.connectTimeout()));
    props.setProperty("mail." + p + ".timeout", millis(c.timeout()));
    props.setProperty("mail." + p + ".writetimeout", millis(c.timeout()));
    props.setProperty("mail." + p + ".auth", Boolean.toString(c.username() != null));
    props.setProperty("mail." + p + ".sendpartial", "false");
    props.setProperty("mail." + p + ".ssl.checkserveridentity", "true");
    if (c.tls() == Tls.STARTTLS) {
      props.setProperty("mail.smtp.starttls.enable", "true");
      props.setProperty("mail.smtp.starttls.required", "true");
    }
    return props;
  }

  private static String protocol(Config c) {
    return c.tls() == Tls.SMTPS ? "smtps" : "smtp";
  }

  private static String millis(@Nullable Duration d) {
    return Long.toString(Objects.requireNonNull(d, "timeout").toMillis());
  }

  /** A sender: one address, with a display name allowed. */
  static InternetAddress sender(@Nullable String s) throws AddressException {
    if (s == null || s.isBlank() || !Sanitize.oneLine(s).equals(s)) {
      throw new AddressException("not one line");
    }
    InternetAddress a = new InternetAddress(s.strip(), true);
    a.validate();
    if (a.isGroup()) {
      throw new AddressException("a group");
    }
    return a;
  }

  /** A recipient: exactly one plain address ({@code user@example.jp}), nothing around it. */
  static InternetAddress recipient(@Nullable String s) throws AddressException {
    if (s == null || s.isBlank() || !Sanitize.oneLine(s).equals(s)) {
      throw new AddressException("not one line");
    }
    String plain = s.strip();
    InternetAddress a = new InternetAddress(plain, true);
    a.validate();
    if (a.isGroup() || a.getPersonal() != null || !plain.equals(a.getAddress())) {
      throw new AddressException("not a plain address");
    }
    return a;
  }

  /** Temporary or permanent, from the SMTP reply code when there is one. */
  private NotificationException classify(MessagingException e, @Nullable Transport transport) {
    String where = config.host() + ":" + config.port();
    int code = replyCode(e);
    String reply = replyText(e);
    if (code < 400 && transport instanceof SMTPTransport smtp && smtp.getLastReturnCode() >= 400) {
      code = smtp.getLastReturnCode();
      reply = smtp.getLastServerResponse();
    }
    if (code >= 400 && code < 600) {
      boolean temporary = code < 500;
      String what = e instanceof AuthenticationFailedException ? "authentication failed: " : "";
      return new NotificationException(
          "email: "
              + where
              + " replied "
              + code
              + (temporary ? " (temporary): " : " (permanent): ")
              + what
              + brief(reply),
          temporary,
          null,
          e);
    }
    if (e instanceof AuthenticationFailedException) {
      return new NotificationException(
          "email: authentication failed at " + where + " (permanent)", false, null, e);
    }
    if (e instanceof MailConnectException) {
      return new NotificationException(
          "email: cannot connect to " + where + " (temporary)", true, null, e);
    }
    Throwable io = ioCause(e);
    if (io != null) {
      return new NotificationException(
          "email: the connection to "
              + where
              + " failed (temporary): "
              + io.getClass().getSimpleName(),
          true,
          null,
          e);
    }
    return new NotificationException(
        "email: " + where + " did not take the message (permanent): " + brief(e.getMessage()),
        false,
        null,
        e);
  }

  /** The first SMTP reply code in the exception chain, preferring a 4xx (worth a retry). */
  private static int replyCode(MessagingException e) {
    int found = -1;
    for (Throwable x : chain(e)) {
      int code = -1;
      if (x instanceof SMTPAddressFailedException a) {
        code = a.getReturnCode();
      } else if (x instanceof SMTPSendFailedException s) {
        code = s.getReturnCode();
      } else if (x instanceof SMTPSenderFailedException s) {
        code = s.getReturnCode();
      }
      if (code >= 400 && code < 500) {
        return code;
      }
      if (found < 0 && code >= 500) {
        found = code;
      }
    }
    return found;
  }

  private static @Nullable String replyText(MessagingException e) {
    for (Throwable x : chain(e)) {
      if (x instanceof SMTPAddressFailedException
          || x instanceof SMTPSendFailedException
          || x instanceof SMTPSenderFailedException
          || x instanceof AuthenticationFailedException) {
        return x.getMessage();
      }
    }
    return e.getMessage();
  }

  private static @Nullable Throwable ioCause(Throwable e) {
    for (Throwable x : chain(e)) {
      if (x instanceof IOException) {
        return x;
      }
    }
    return null;
  }

  /** The exception and its causes (MessagingException's "next" is its cause), at most 16. */
  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable x = e; x != null && out.size() < 16 && !out.contains(x); x = x.getCause()) {
      out.add(x);
    }
    return out;
  }

  private static String brief(@Nullable String s) {
    return s == null ? "" : Sanitize.clip(Sanitize.oneLine(s.strip()), 200);
  }
}
