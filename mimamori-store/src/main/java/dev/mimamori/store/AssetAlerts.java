package dev.mimamori.store;

import java.time.Instant;

/**
 * How many alerts a shop raised since a time, and when the last one came.
 *
 * @param tenant its tenant
 * @param asset the shop
 * @param count alerts since the time asked for
 * @param last the newest alert's time
 */
public record AssetAlerts(String tenant, String asset, long count, Instant last) {}
