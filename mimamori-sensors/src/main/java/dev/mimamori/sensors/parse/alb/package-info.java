@NullMarked
package dev.mimamori.sensors.parse.alb;

import org.jspecify.annotations.NullMarked;
