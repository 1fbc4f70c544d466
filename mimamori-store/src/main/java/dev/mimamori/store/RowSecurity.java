package dev.mimamori.store;

import org.jdbi.v3.core.Jdbi;

/** Whether PostgreSQL's row-level security isolates the tenants for the role mimamori runs as. */
public enum RowSecurity {
  /** PostgreSQL, an ordinary role: the policies of V16 apply beside every query's scope. */
  ENFORCED("enforced"),
  /**
   * PostgreSQL, but the role is a superuser or has BYPASSRLS, which skip every policy: isolation
   * rests on the queries' scope alone.
   */
  BYPASSED("bypassed"),
  /** SQLite has no row-level security: the scope clause of every query is the isolation. */
  NOT_SUPPORTED("not_supported");

  private final String label;

  RowSecurity(String label) {
    this.label = label;
  }

  /** As {@code /healthz} shows it. */
  public String label() {
    return label;
  }

  /** Asks PostgreSQL whether the connection's role bypasses row-level security. */
  static RowSecurity of(Jdbi jdbi) {
    boolean bypass =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                    .mapTo(Boolean.class)
                    .one());
    return bypass ? BYPASSED : ENFORCED;
  }

  static String role(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT current_user").mapTo(String.class).one());
  }
}
