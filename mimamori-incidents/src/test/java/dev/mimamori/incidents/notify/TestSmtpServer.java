package dev.mimamori.incidents.notify;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GreenMail (a real SMTP server, in process) on 127.0.0.1 and a free port, which also refuses some
 * recipients the way a real server does: {@code nobody@...} with {@code 550} (mailbox unavailable,
 * permanent) and {@code busy@...} with {@code 451} (try again later).
 */
final class TestSmtpServer extends GreenMail {

  TestSmtpServer() {
    super(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  }

  int port() {
    return getSmtp().getPort();
  }

  @Override
  protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
    SmtpManager refusing =
        new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
          @Override
          public @Nullable String checkRecipient(SmtpState state, MailAddress rcpt) {
            if (rcpt.getUser().equals("nobody")) {
              return "550 5.1.1 <" + rcpt.getEmail() + ">: mailbox unavailable";
            }
            if (rcpt.getUser().equals("busy")) {
              return "451 4.3.0 mailbox busy, try again later";
            }
            return super.checkRecipient(state, rcpt);
          }
        };
    Managers wrapped =
        new Managers() {
          @Override
          public SmtpManager getSmtpManager() {
            return refusing;
          }

          @Override
          public UserManager getUserManager() {
            return managers.getUserManager();
          }

          @Override
          public ImapHostManager getImapHostManager() {
            return managers.getImapHostManager();
          }
        };
    return super.createServices(config, wrapped);
  }
}
