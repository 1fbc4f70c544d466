/** The MySQL and MariaDB general query log and slow query log. */
@NullMarked
package dev.mimamori.sensors.parse.mysql;

import org.jspecify.annotations.NullMarked;
