package dev.mimamori.server.console;

import dev.mimamori.store.User;

/**
 * A logged-in console user.
 *
 * @param id the cookie value
 * @param user who
 * @param csrfToken the token every form of this session must carry
 * @param expiresAtMillis when it ends
 * @param createdAtMillis when it began (a password changed since ends it)
 */
public record Session(
    String id, User user, String csrfToken, long expiresAtMillis, long createdAtMillis) {}
