package dev.mimamori.sensors.parse.syslog;

import dev.mimamori.model.Event;

/**
 * The sshd messages that matter for a shop server: logins that worked, passwords that failed, and
 * user names that do not exist. Read by position from their fixed wording (OpenSSH's {@code auth.c}
 * and {@code sshd.c}), not by regular expression.
 */
final class SshdMessage {
  private SshdMessage() {}

  static void addFields(String msg, Event.Builder b) {
    if (msg.startsWith("Accepted ")) {
      // Accepted publickey for deploy from 198.51.100.7 port 50022 ssh2
      login(msg.substring("Accepted ".length()), b, "success");
    } else if (msg.startsWith("Failed ")) {
      // Failed password for [invalid user ]root from 203.0.113.13 port 53122 ssh2
      login(msg.substring("Failed ".length()), b, "failure");
    } else if (msg.startsWith("Invalid user ")) {
      // Invalid user admin from 203.0.113.13 port 53122
      String rest = msg.substring("Invalid user ".length());
      int from = rest.lastIndexOf(" from ");
      if (from > 0) {
        b.extra("event.action", "ssh_invalid_user");
        b.extra("event.outcome", "failure");
        b.userName(rest.substring(0, from));
        address(rest.substring(from + " from ".length()), b);
      }
    }
  }

  /** {@code <method> for [invalid user ]<user> from <ip> port <port> <protocol>}. */
  private static void login(String rest, Event.Builder b, String outcome) {
    int forAt = rest.indexOf(" for ");
    int from = rest.lastIndexOf(" from ");
    if (forAt <= 0 || from <= forAt) {
      return;
    }
    String user = rest.substring(forAt + " for ".length(), from);
    if (user.startsWith("invalid user ")) {
      user = user.substring("invalid user ".length());
      b.extra("sshd.invalid_user", "true");
    }
    b.extra("event.action", "ssh_login");
    b.extra("event.outcome", outcome);
    b.extra("sshd.method", rest.substring(0, forAt));
    b.userName(user);
    address(rest.substring(from + " from ".length()), b);
  }

  /** {@code <ip> port <port>[ ...]}. */
  private static void address(String s, Event.Builder b) {
    int sp = s.indexOf(' ');
    String ip = sp < 0 ? s : s.substring(0, sp);
    if (!ip.isEmpty()) {
      b.sourceIp(ip);
    }
    if (sp > 0 && s.startsWith(" port ", sp)) {
      String rest = s.substring(sp + " port ".length());
      int end = rest.indexOf(' ');
      String port = end < 0 ? rest : rest.substring(0, end);
      if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)) {
        b.extra("source.port", port);
      }
    }
  }
}
