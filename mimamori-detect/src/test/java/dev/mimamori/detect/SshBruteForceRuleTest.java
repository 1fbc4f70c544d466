package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshBruteForceRuleTest {
  static List<Alert> feed(List<String> lines) {
    Detector d = new Detector(new RuleLoader().loadBuiltin());
    var parser = Parsers.forFormat("syslog");
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      ParseResult r =
          parser.parse(
              lines.get(i), new LineContext("t", "shop", "/var/log/auth.log", i * 100L, i + 1));
      out.addAll(d.process(((ParseResult.Parsed) r).event()));
    }
    return out;
  }

  static String failure(int second, String ip) {
    return String.format(
        "<38>1 2026-11-21T01:02:%02dZ shop sshd 4242 - - Failed password for root from %s port 5%04d ssh2",
        second, ip, second);
  }

  @Test
  void firesOnTenFailedPasswordsFromOneAddressWithinAMinute() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(failure(i, "203.0.113.13"));
    }

    assertThat(feed(lines)).extracting(Alert::ruleId).contains("mm-ssh-bruteforce");
  }

  @Test
  void perAddressRuleStaysQuietOnFailuresFromManyAddresses() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(failure(i, "203.0.113." + (i + 1)));
    }

    // the account they all guess at is mm-auth-account-bruteforce's (BehaviourRulesTest)
    assertThat(feed(lines)).extracting(Alert::ruleId).doesNotContain("mm-ssh-bruteforce");
  }

  @Test
  void staysQuietOnSuccessfulLogins() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(failure(i, "198.51.100.7").replace("Failed password", "Accepted publickey"));
    }

    assertThat(feed(lines)).isEmpty();
  }
}
