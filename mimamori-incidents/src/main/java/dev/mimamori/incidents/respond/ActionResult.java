package dev.mimamori.incidents.respond;

/**
 * What an action did.
 *
 * @param changed whether anything changed (false when it was already in place)
 * @param summary one line for the incident's timeline
 */
public record ActionResult(boolean changed, String summary) {}
