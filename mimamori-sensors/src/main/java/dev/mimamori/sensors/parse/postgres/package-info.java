/** PostgreSQL's stderr log: log_line_prefix, severity, statements and durations. */
@NullMarked
package dev.mimamori.sensors.parse.postgres;

import org.jspecify.annotations.NullMarked;
