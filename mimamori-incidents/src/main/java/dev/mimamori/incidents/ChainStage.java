package dev.mimamori.incidents;

import java.util.Locale;

/**
 * The stages of the web-shop attack chain (../shared/ATTACK-CHAIN.md): a stored XSS, fired in the
 * admin panel, used to write code, which plants a skimmer, exfiltrates cards, drops web shells and
 * reads the database. Alerts at any of these stages on one shop belong to one attack even when they
 * come from different addresses (the admin's own browser does stage 2 and 3 for the attacker), so
 * they join one incident; each new stage reached raises its severity.
 */
public enum ChainStage {
  NONE(0, "none"),
  STORED_XSS(1, "stored XSS planted"),
  ADMIN_TRIGGER(2, "payload fired in the admin panel"),
  CODE_WRITE(3, "code written through the admin panel"),
  SKIMMER(4, "skimmer on the shop's pages"),
  EXFILTRATION(5, "card data sent out"),
  WEB_SHELL(6, "web shell"),
  DATA_THEFT(7, "database read and downloaded");

  private final int number;
  private final String description;

  ChainStage(int number, String description) {
    this.number = number;
    this.description = description;
  }

  public int number() {
    return number;
  }

  public String description() {
    return description;
  }

  public static ChainStage ofNumber(int n) {
    for (ChainStage s : values()) {
      if (s.number == n) {
        return s;
      }
    }
    throw new IllegalArgumentException("no chain stage " + n);
  }

  /**
   * The stage an alert's class shows, from the rule classes of the built-in rules and the file
   * checks ({@code webshell}, {@code skimmer}, {@code integrity}).
   */
  public static ChainStage of(String ruleClass) {
    String c = ruleClass.toLowerCase(Locale.ROOT);
    return switch (c) {
      case "eccube.stored-xss", "web.xss", "web.stored-xss" -> STORED_XSS;
      case "eccube.admin.xss-trigger" -> ADMIN_TRIGGER;
      case "eccube.admin.code-write", "eccube.admin.account", "integrity", "web.config" ->
          CODE_WRITE;
      case "skimmer", "web.skimmer", "browser.skimmer", "csp.new-host" -> SKIMMER;
      case "web.exfiltration", "exfiltration" -> EXFILTRATION;
      case "webshell", "web.webshell", "backdoor" -> WEB_SHELL;
      default -> c.startsWith("db.") || c.equals("web.data-theft") ? DATA_THEFT : NONE;
    };
  }

  public boolean inChain() {
    return this != NONE;
  }
}
