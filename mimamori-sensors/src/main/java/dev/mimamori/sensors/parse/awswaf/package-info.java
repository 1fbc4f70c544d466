@NullMarked
package dev.mimamori.sensors.parse.awswaf;

import org.jspecify.annotations.NullMarked;
