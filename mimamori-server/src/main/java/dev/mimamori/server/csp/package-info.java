/** The CSP report endpoint: browsers post violation reports for a site, found by its token. */
@NullMarked
package dev.mimamori.server.csp;

import org.jspecify.annotations.NullMarked;
