@NullMarked
package dev.mimamori.server.web;

import org.jspecify.annotations.NullMarked;
