/**
 * The quarantine vault: a suspicious file moved out of the web root, encrypted at rest (AES-256-GCM
 * in authenticated chunks), with the evidence a responder and a court need, and restored byte for
 * byte on request.
 */
@NullMarked
package dev.mimamori.fim.vault;

import org.jspecify.annotations.NullMarked;
