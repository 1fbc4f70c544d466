@NullMarked
package dev.mimamori.sensors.parse.vpcflow;

import org.jspecify.annotations.NullMarked;
