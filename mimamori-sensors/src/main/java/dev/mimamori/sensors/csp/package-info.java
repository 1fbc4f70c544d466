/**
 * Content Security Policy violation reports, as browsers send them ({@code report-uri} and the
 * Reporting API): read under limits, normalized into one line each, and that line parsed into an
 * event. No HTTP framework here; the server's route only passes bodies in.
 */
@NullMarked
package dev.mimamori.sensors.csp;

import org.jspecify.annotations.NullMarked;
