package dev.mimamori.fim;

/**
 * What a baseline or a check did.
 *
 * @param entries entries walked
 * @param hashed files whose content was read and hashed
 * @param bytesHashed their bytes
 * @param changes changes reported (an upgrade counts once)
 * @param problems entries that could not be read
 * @param millis wall time
 */
public record CheckStats(
    long entries, long hashed, long bytesHashed, long changes, long problems, long millis) {}
