@NullMarked
package dev.mimamori.sensors.source;

import org.jspecify.annotations.NullMarked;
