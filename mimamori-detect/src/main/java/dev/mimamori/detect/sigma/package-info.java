/**
 * Sigma rules as published (SigmaHQ's detection and correlation rules), loaded with the line of
 * every problem, mapped onto mimamori's ECS fields and compiled into one rule set whose literal
 * prefilter decides, per event, which rules are worth evaluating at all.
 */
@NullMarked
package dev.mimamori.detect.sigma;

import org.jspecify.annotations.NullMarked;
