@NullMarked
package dev.mimamori.sensors.parse.nginxjson;

import org.jspecify.annotations.NullMarked;
