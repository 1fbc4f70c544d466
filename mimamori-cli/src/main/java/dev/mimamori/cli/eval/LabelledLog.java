package dev.mimamori.cli.eval;

import java.util.List;

/**
 * Labelled lines that belong together as one log file: detection state (thresholds, per-address
 * buckets) carries from one line to the next inside it, never across two of them.
 *
 * @param name where it comes from, e.g. {@code crowdsec-hub/nginx-http-sqli-probing}
 * @param logType the kind of log in CrowdSec's terms ({@code nginx}, {@code apache2}), for peers
 *     that must be told
 * @param samples the lines in order
 */
public record LabelledLog(String name, String logType, List<Sample> samples) {
  public LabelledLog {
    samples = List.copyOf(samples);
  }
}
