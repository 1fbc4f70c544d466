@NullMarked
package dev.mimamori.server;

import org.jspecify.annotations.NullMarked;
