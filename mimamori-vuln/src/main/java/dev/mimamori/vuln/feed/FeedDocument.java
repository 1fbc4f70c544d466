package dev.mimamori.vuln.feed;

/**
 * One answer of a feed, read like a file: {@code fileName} tells {@link
 * dev.mimamori.vuln.advisory.AdvisoryReader} the format, {@code label} names it in errors.
 */
public record FeedDocument(String fileName, String label, byte[] content) {}
