package dev.mimamori.server.report;

/**
 * The monitors behind the report's optional sections.
 *
 * @param storefrontScripts scripts added to or changed on the shop's pages
 * @param uptime checks that failed and for how long
 * @param vulnerabilities known vulnerabilities still open in the shop's software
 */
public record ReportFeeds(
    ReportFeed storefrontScripts, ReportFeed uptime, ReportFeed vulnerabilities) {
  /** No such monitor yet: each section says "no monitor configured". */
  public static ReportFeeds none() {
    return new ReportFeeds(ReportFeed.NONE, ReportFeed.NONE, ReportFeed.NONE);
  }
}
