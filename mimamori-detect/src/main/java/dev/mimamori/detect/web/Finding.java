package dev.mimamori.detect.web;

/**
 * One attack found in one value.
 *
 * @param attackClass one of {@link AttackClass}'s ids: sqli, xss, traversal, lfi, rfi, rce,
 *     php-injection, ssrf, log4shell
 * @param reason why, in words, with the SQL token fingerprint where there is one
 * @param evidence a short excerpt of the decoded value around what fired
 */
public record Finding(String attackClass, String reason, String evidence) {}
