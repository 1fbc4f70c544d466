/**
 * Tenants, sites and users: the rules of who may change what, shared by the API and the console.
 */
@NullMarked
package dev.mimamori.server.tenancy;

import org.jspecify.annotations.NullMarked;
