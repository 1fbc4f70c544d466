/** Syslog messages (RFC 3164 and RFC 5424), with the message handed on to the other formats. */
@NullMarked
package dev.mimamori.sensors.parse.syslog;

import org.jspecify.annotations.NullMarked;
