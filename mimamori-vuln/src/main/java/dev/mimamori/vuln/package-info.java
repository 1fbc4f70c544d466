/**
 * Vulnerabilities of what a shop runs: {@code version} compares versions the way Composer and
 * EC-CUBE do, {@code advisory} reads advisory files, {@code inventory} lists a web root's software
 * and {@code match} turns both into findings.
 */
@NullMarked
package dev.mimamori.vuln;

import org.jspecify.annotations.NullMarked;
