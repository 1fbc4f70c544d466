package dev.mimamori.incidents;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;

/**
 * What happened when an alert was grouped.
 *
 * @param alert the alert, now carrying its incident id
 * @param incident the incident after the alert was added
 * @param created whether the alert opened a new incident
 * @param escalated whether the alert raised an existing incident's severity
 */
public record Correlation(Alert alert, Incident incident, boolean created, boolean escalated) {}
