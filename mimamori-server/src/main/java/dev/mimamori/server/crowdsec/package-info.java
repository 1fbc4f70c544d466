/**
 * CrowdSec's Local API, the part bouncers use: existing CrowdSec bouncers (firewall, nginx,
 * Cloudflare, ...) pull mimamori's decisions as if mimamori were a CrowdSec agent.
 */
@NullMarked
package dev.mimamori.server.crowdsec;

import org.jspecify.annotations.NullMarked;
