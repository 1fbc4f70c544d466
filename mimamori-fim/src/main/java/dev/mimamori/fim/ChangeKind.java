package dev.mimamori.fim;

/** What happened to a path since the baseline. */
public enum ChangeKind {
  ADDED,
  MODIFIED,
  DELETED,
  PERMISSIONS,
  OWNER,
  TYPE,
  /** Many files changed together by an application upgrade, reported as one change. */
  UPGRADE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
