/**
 * The detection engine: rules compiled once, evaluated on every event. It imports no HTTP, database
 * or streaming framework, so the same engine runs in the server and inside a stream job.
 */
@NullMarked
package dev.mimamori.detect;

import org.jspecify.annotations.NullMarked;
