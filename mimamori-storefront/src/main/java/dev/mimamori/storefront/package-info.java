/**
 * The storefront as a customer's browser sees it: every script, request, frame, form and the CSP of
 * a page loaded in headless Chromium, what the page sends after card data is typed, and the
 * differences to a saved baseline.
 */
@NullMarked
package dev.mimamori.storefront;

import org.jspecify.annotations.NullMarked;
