package dev.mimamori.scan.heuristics;

/** The classes a finding belongs to, as {@link dev.mimamori.scan.Finding#tags()}. */
final class Tags {
  static final String WEBSHELL = "webshell";
  static final String BACKDOOR = "backdoor";
  static final String SKIMMER = "skimmer";
  static final String OBFUSCATION = "obfuscation";
  static final String COLLECTOR = "collector";

  private Tags() {}
}
