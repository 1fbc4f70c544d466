package dev.mimamori.archive;

import java.time.Instant;

/**
 * What the archive holds of one shop: how many events since a time, and the newest event.
 *
 * @param tenant the customer
 * @param asset the shop ({@code host.name})
 * @param recent events at or after the time asked for
 * @param lastEvent the newest event's {@code @timestamp} in the period looked at
 */
public record AssetActivity(String tenant, String asset, long recent, Instant lastEvent) {}
