package dev.mimamori.server.report;

import dev.mimamori.store.TenantScope;
import java.time.Instant;

/**
 * The extension point for report sections whose data another monitor brings (storefront scripts,
 * uptime, vulnerabilities): a monitor implements this, reading its own tables with the caller's
 * scope, and is passed to {@link ReportFeeds}. Until then the section reads "no monitor
 * configured".
 */
@FunctionalInterface
public interface ReportFeed {
  /** Never configured: every section says so. */
  ReportFeed NONE = (scope, tenant, from, to, language) -> ReportSection.notConfigured();

  /**
   * What the monitor saw for {@code tenant} in {@code [from, to)}; nothing outside the scope. Rows
   * are written in the report's {@code language}.
   */
  ReportSection read(
      TenantScope scope, String tenant, Instant from, Instant to, ReportLanguage language);
}
