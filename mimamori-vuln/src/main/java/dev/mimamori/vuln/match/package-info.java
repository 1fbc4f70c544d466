/** Findings: which advisories apply to which installed component and what fixes them. */
@NullMarked
package dev.mimamori.vuln.match;

import org.jspecify.annotations.NullMarked;
