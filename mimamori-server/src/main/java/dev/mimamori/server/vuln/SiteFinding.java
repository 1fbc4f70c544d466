package dev.mimamori.server.vuln;

import dev.mimamori.store.VulnRepository.AcceptedRisk;
import dev.mimamori.vuln.match.Finding;
import org.jspecify.annotations.Nullable;

/** A finding on one site, with the accepted risk that covers it while it has not expired. */
public record SiteFinding(
    String tenant,
    String siteId,
    String siteName,
    Finding finding,
    @Nullable AcceptedRisk accepted) {}
