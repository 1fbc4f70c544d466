package dev.mimamori.vuln.advisory;

/** Where an advisory record comes from; each has its own file format. */
public enum Source {
  OSV("OSV (GitHub advisory database)"),
  GITLAB("GitLab advisory database (gemnasium)"),
  CVE5("CVE record (JSON 5)"),
  NVD("NVD API 2.0"),
  JVN("JVN iPedia / MyJVN");

  private final String label;

  Source(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
