/**
 * The event archive: every parsed event kept compressed and searchable in day partitions (Apache
 * Lucene), with retention by age and size.
 */
@NullMarked
package dev.mimamori.archive;

import org.jspecify.annotations.NullMarked;
