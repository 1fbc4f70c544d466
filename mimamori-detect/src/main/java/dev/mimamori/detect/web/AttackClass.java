package dev.mimamori.detect.web;

/** The attack classes the analyzers report, with the ids that alerts carry. */
public enum AttackClass {
  SQLI("sqli"),
  XSS("xss"),
  TRAVERSAL("traversal"),
  LFI("lfi"),
  RFI("rfi"),
  RCE("rce"),
  PHP_INJECTION("php-injection"),
  SSRF("ssrf"),
  LOG4SHELL("log4shell");

  private final String id;

  AttackClass(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  Finding finding(String reason, String text, int at) {
    return new Finding(id, reason, Evidence.around(text, at));
  }
}
