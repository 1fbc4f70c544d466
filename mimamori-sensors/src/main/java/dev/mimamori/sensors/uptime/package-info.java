/**
 * Uptime, TLS and DNS monitor events (mimamori-uptime's {@code UptimeLine}), one JSON line each,
 * parsed into events of dataset {@code uptime.monitor} for the rules in {@code pack/uptime.yml}.
 */
@NullMarked
package dev.mimamori.sensors.uptime;

import org.jspecify.annotations.NullMarked;
