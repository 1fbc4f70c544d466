/**
 * Vulnerabilities of the watched shops: findings per site from the advisories in the store, new
 * ones raised as alerts through the pipeline, accepted risks, the API routes.
 */
@NullMarked
package dev.mimamori.server.vuln;

import org.jspecify.annotations.NullMarked;
