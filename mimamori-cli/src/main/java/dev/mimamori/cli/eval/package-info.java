/** Measuring detection against labelled public data: the numbers in docs/DETECTION.md. */
@NullMarked
package dev.mimamori.cli.eval;

import org.jspecify.annotations.NullMarked;
