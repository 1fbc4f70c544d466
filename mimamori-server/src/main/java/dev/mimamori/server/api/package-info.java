@NullMarked
package dev.mimamori.server.api;

import org.jspecify.annotations.NullMarked;
