@NullMarked
package dev.mimamori.sensors.parse.combined;

import org.jspecify.annotations.NullMarked;
