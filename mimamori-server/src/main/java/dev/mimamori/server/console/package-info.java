@NullMarked
package dev.mimamori.server.console;

import org.jspecify.annotations.NullMarked;
