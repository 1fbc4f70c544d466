/**
 * Monthly tenant reports: the model read from the store ({@link
 * dev.mimamori.server.report.ReportBuilder}), HTML and PDF ({@link
 * dev.mimamori.server.report.ReportRenderer}), e-mail through the outbox and the monthly schedule.
 */
@NullMarked
package dev.mimamori.server.report;

import org.jspecify.annotations.NullMarked;
