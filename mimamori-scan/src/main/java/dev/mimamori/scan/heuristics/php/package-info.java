@NullMarked
package dev.mimamori.scan.heuristics.php;

import org.jspecify.annotations.NullMarked;
