/**
 * Persistence on SQLite (the embedded default) and PostgreSQL, with one set of Flyway migrations
 * and JDBI code for both (and, for PostgreSQL alone, its row-level security policies). Every query
 * that reads customer data takes a {@link TenantScope}, so tenant isolation is enforced here, not
 * in the callers; on PostgreSQL the database enforces it again for every handle of {@link
 * Database#withHandle}.
 */
@NullMarked
package dev.mimamori.store;

import org.jspecify.annotations.NullMarked;
