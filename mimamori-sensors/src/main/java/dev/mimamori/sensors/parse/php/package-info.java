@NullMarked
package dev.mimamori.sensors.parse.php;

import org.jspecify.annotations.NullMarked;
