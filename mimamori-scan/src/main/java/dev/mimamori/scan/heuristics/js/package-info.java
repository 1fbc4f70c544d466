@NullMarked
package dev.mimamori.scan.heuristics.js;

import org.jspecify.annotations.NullMarked;
