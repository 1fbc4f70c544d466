package dev.mimamori.cli;

/** What the command's exit status means. */
public final class ExitCodes {
  /** Success, nothing to report. */
  public static final int OK = 0;

  /** Ran fine and found something (alerts, changes). */
  public static final int FINDINGS = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  /** Something failed: unreadable input, a database that will not open, a port in use. */
  public static final int FAILURE = 3;

  private ExitCodes() {}
}
