@NullMarked
package dev.mimamori.sensors.parse.apache;

import org.jspecify.annotations.NullMarked;
