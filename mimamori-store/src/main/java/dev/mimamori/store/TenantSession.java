package dev.mimamori.store;

import java.sql.SQLException;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * The PostgreSQL session setting the row-level security policies read ({@code mimamori.tenants},
 * see V16): {@code *} for every tenant, an array literal such as {@code {"shop-a","shop-b"}} for
 * some, and empty for none. Every handle starts with it empty, so a query nobody scoped sees no
 * tenant's rows, and a pooled connection never carries one call's scope into the next.
 */
final class TenantSession {
  static final String SETTING = "mimamori.tenants";

  /** The value meaning every tenant: system work and the SOC's admins. */
  static final String ALL = "*";

  private TenantSession() {}

  /** The setting's value for a scope. */
  static String value(TenantScope scope) {
    if (scope.all()) {
      return ALL;
    }
    StringBuilder b = new StringBuilder("{");
    for (String t : new TreeSet<>(scope.tenants())) {
      if (b.length() > 1) {
        b.append(',');
      }
      // An array literal element, quoted: a tenant id may hold commas, braces or quotes.
      b.append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }

  /** Sets the session's scope (until the next set; not transaction-local). */
  static void set(Handle h, String value) {
    h.createQuery("SELECT set_config('" + SETTING + "', :v, false)")
        .bind("v", value)
        .mapTo(String.class)
        .one();
  }

  /** Empties the setting on every handle Jdbi opens: deny by default. */
  static final class DenyByDefault implements JdbiPlugin {
    @Override
    public Handle customizeHandle(Handle handle) throws SQLException {
      set(handle, "");
      return handle;
    }
  }
}
