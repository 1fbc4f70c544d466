@NullMarked
package dev.mimamori.sensors.parse;

import org.jspecify.annotations.NullMarked;
