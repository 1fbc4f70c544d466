/**
 * Malware scanning of files. A {@link dev.mimamori.scan.ContentScanner} looks at one file and
 * returns {@link dev.mimamori.scan.Finding}s: real YARA rules through libyara ({@code yara/}) and
 * mimamori's own detectors for PHP and JavaScript malware ({@code heuristics/}). Nothing here ever
 * executes, includes or serves what it scans.
 */
@NullMarked
package dev.mimamori.scan;

import org.jspecify.annotations.NullMarked;
