/** JMH benchmarks; results and method in docs/BENCHMARKS.md. */
@NullMarked
package dev.mimamori.bench;

import org.jspecify.annotations.NullMarked;
