/**
 * File integrity monitoring of web roots: a streamed, sorted baseline of every file, checks that
 * skip unchanged files cheaply, real-time watching, classification of changes by what a web shop
 * stands to lose, and the quarantine vault.
 */
@NullMarked
package dev.mimamori.fim;

import org.jspecify.annotations.NullMarked;
