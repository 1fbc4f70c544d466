/**
 * Versions and ranges as Composer reads them, with EC-CUBE's {@code -pN} patch releases ordered
 * after their release.
 */
@NullMarked
package dev.mimamori.vuln.version;

import org.jspecify.annotations.NullMarked;
