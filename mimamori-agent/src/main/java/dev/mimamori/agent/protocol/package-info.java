/**
 * The agent protocol: the JSON documents an agent and the server exchange on {@code /agent/v1/*}.
 * Both sides use these records, so a change shows on both; {@link
 * dev.mimamori.agent.protocol.Protocol#VERSION} goes up when one side must know.
 */
@NullMarked
package dev.mimamori.agent.protocol;

import org.jspecify.annotations.NullMarked;
