/**
 * mimamori's own malware detectors ({@link dev.mimamori.scan.heuristics.HeuristicScanner}): a
 * forgiving PHP tokenizer and flow analysis ({@code php/}), a script analysis ({@code js/}), and
 * small detectors, one per trait, that turn what those found into findings and weighed signals.
 */
@NullMarked
package dev.mimamori.scan.heuristics;

import org.jspecify.annotations.NullMarked;
