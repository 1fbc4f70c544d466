/**
 * What a web root runs, read from manifests and file headers only: nothing found there is ever
 * executed.
 */
@NullMarked
package dev.mimamori.vuln.inventory;

import org.jspecify.annotations.NullMarked;
