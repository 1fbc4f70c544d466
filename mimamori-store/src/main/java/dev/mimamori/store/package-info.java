/**
 * Persistence on SQLite (the embedded default) and PostgreSQL, with one set of Flyway migrations
 * and JDBI code for both. Every query that reads customer data takes a {@link TenantScope}, so
 * tenant isolation is enforced here, not in the callers.
 */
@NullMarked
package dev.mimamori.store;

import org.jspecify.annotations.NullMarked;
