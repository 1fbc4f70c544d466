@NullMarked
package dev.mimamori.sensors.parse.eccube;

import org.jspecify.annotations.NullMarked;
