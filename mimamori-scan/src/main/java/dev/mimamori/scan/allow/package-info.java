/**
 * Allow-lists of the SHA-256 of files in clean public releases: a file whose content is exactly
 * that of a release file is not reported, whatever a rule says about it.
 */
@NullMarked
package dev.mimamori.scan.allow;

import org.jspecify.annotations.NullMarked;
