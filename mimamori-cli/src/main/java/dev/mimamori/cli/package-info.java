/** The {@code mimamori} command: a thin front end over the engine and the server. */
@NullMarked
package dev.mimamori.cli;

import org.jspecify.annotations.NullMarked;
