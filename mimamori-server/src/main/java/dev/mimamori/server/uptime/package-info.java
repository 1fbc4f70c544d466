/**
 * The server's uptime, TLS and DNS monitors: settings per site in the store, one scheduler for all
 * tenants started with the server and reloaded on changes, last results kept for the console, and
 * state changes handed to the pipeline as {@code uptime} lines for the rules of {@code
 * pack/uptime.yml}.
 */
@NullMarked
package dev.mimamori.server.uptime;

import org.jspecify.annotations.NullMarked;
