@NullMarked
package dev.mimamori.scan.heuristics.text;

import org.jspecify.annotations.NullMarked;
