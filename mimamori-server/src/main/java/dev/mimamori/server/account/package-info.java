/** Accounts' second factor: TOTP codes, sealed secrets, enrollment. */
@NullMarked
package dev.mimamori.server.account;

import org.jspecify.annotations.NullMarked;
