package dev.mimamori.incidents;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;

/**
 * What happened when an alert was grouped.
 *
 * @param alert the alert, now carrying its incident id
 * @param incident the incident after the alert was added
 * @param created whether the alert opened a new incident
 * @param escalated whether the alert raised an existing incident's severity or advanced its attack
 *     chain
 * @param milestone whether the incident's alert count just reached 100, 1,000, 10,000, ... (a flood
 *     is told as one summary per order of magnitude, not one message per alert)
 */
public record Correlation(
    Alert alert, Incident incident, boolean created, boolean escalated, boolean milestone) {

  /** Whether people should hear of it. */
  public boolean notable() {
    return created || escalated || milestone;
  }
}
