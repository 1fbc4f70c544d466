/**
 * Uptime, TLS and DNS monitors for a shop's URLs: HTTP(S) checks (status, latency, keyword, content
 * change), certificate expiry and chain problems, DNS record changes against the last seen answer,
 * down/up confirmed by retries with flapping suppression, and a drift-free fixed-rate scheduler.
 * Pure Java: no server or database dependency.
 */
@NullMarked
package dev.mimamori.uptime;

import org.jspecify.annotations.NullMarked;
