/** Syslog over UDP and TCP (RFC 5426, RFC 6587 octet counting and newline framing). */
@NullMarked
package dev.mimamori.server.syslog;

import org.jspecify.annotations.NullMarked;
