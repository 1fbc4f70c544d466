@NullMarked
package dev.mimamori.sensors.parse.cloudtrail;

import org.jspecify.annotations.NullMarked;
