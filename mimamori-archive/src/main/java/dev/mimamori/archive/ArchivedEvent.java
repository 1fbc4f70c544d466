package dev.mimamori.archive;

import java.time.Instant;

/**
 * An event as the archive returns it.
 *
 * @param id its identity: tenant, shop, file and byte offset
 * @param tenant the customer
 * @param timestamp {@code @timestamp}
 * @param dataset {@code event.dataset}
 * @param logFilePath {@code log.file.path}
 * @param logOffset {@code log.offset}
 * @param original {@code event.original} (card numbers already masked)
 */
public record ArchivedEvent(
    String id,
    String tenant,
    Instant timestamp,
    String dataset,
    String logFilePath,
    long logOffset,
    String original) {}
