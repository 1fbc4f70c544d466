/**
 * Response actions in the server: the actions configured in the response file, run by a person
 * (API) or automatically by a rule (dry run unless said otherwise), recorded on the incident's
 * timeline, undone when their time runs out; and the CrowdSec LAPI routes serving mimamori's
 * decisions to CrowdSec bouncers.
 */
@NullMarked
package dev.mimamori.server.respond;

import org.jspecify.annotations.NullMarked;
