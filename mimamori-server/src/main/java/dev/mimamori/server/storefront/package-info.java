/**
 * The storefront monitor in the server: pages and flows checked on a schedule in Chromium, their
 * script inventory with approvals, and the API and console over them.
 */
@NullMarked
package dev.mimamori.server.storefront;

import org.jspecify.annotations.NullMarked;
