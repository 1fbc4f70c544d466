/**
 * The agent: mimamori beside a shop. It tails the shop's logs into a bounded on-disk buffer ({@link
 * dev.mimamori.agent.DiskBuffer}), ships what is buffered to the central server over mutual TLS
 * with sequence numbers ({@link dev.mimamori.agent.Shipper}), moves its read positions only after
 * the server said the lines are stored, and reports its health. No server or database framework:
 * the JDK's HTTP client and TLS.
 */
@NullMarked
package dev.mimamori.agent;

import org.jspecify.annotations.NullMarked;
