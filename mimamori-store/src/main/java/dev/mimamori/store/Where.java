package dev.mimamori.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;

/**
 * A WHERE clause made of the tenant scope and optional conditions, each with its bound values:
 * values are always bound, never written into the SQL.
 */
final class Where {
  private final TenantScope scope;
  private final List<String> clauses = new ArrayList<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, List<String>> lists = new LinkedHashMap<>();

  Where(TenantScope scope, String tenantColumn) {
    this.scope = scope;
    clauses.add(ScopeSql.clause(scope, tenantColumn));
  }

  /** Adds {@code sql} (naming {@code :name}) bound to {@code value}, when the value is given. */
  Where and(String sql, String name, @org.jspecify.annotations.Nullable Object value) {
    if (value != null) {
      clauses.add(sql);
      values.put(name, value);
    }
    return this;
  }

  /** Adds {@code sql} naming the list {@code <name>}. */
  Where andIn(String sql, String name, List<String> list) {
    clauses.add(sql);
    lists.put(name, List.copyOf(list));
    return this;
  }

  Where and(String sql) {
    clauses.add(sql);
    return this;
  }

  /** Binds one value more (a value the added SQL names besides its own). */
  Where bind(String name, Object value) {
    values.put(name, value);
    return this;
  }

  String sql() {
    return " WHERE " + String.join(" AND ", clauses);
  }

  Query bind(Query q) {
    ScopeSql.bind(q, scope);
    values.forEach(q::bind);
    lists.forEach(q::bindList);
    return q;
  }

  /** A LIKE pattern that finds {@code text} anywhere, with LIKE's wildcards taken literally. */
  static String contains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
