package dev.mimamori.vuln.inventory;

import dev.mimamori.vuln.advisory.PackageRef;

/**
 * One piece of software a shop runs: the package, its version as written where it was found, and
 * that place ({@code src/Eccube/Common/Constant.php}, {@code composer.lock}, a script's header).
 */
public record Component(PackageRef pkg, String version, String foundIn) {}
