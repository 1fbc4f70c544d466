package dev.mimamori.store;

import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/** Turns a {@link TenantScope} into the WHERE clause every customer query carries. */
final class ScopeSql {
  private ScopeSql() {}

  /** {@code tenant_id IN (<scope_tenants>)}, or a clause that is always true for all tenants. */
  static String clause(TenantScope scope, String column) {
    return scope.all() ? "1 = 1" : column + " IN (<scope_tenants>)";
  }

  static <S extends SqlStatement<S>> S bind(S stmt, TenantScope scope) {
    return scope.all() ? stmt : stmt.bindList("scope_tenants", List.copyOf(scope.tenants()));
  }
}
