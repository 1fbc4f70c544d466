package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.php.PhpFacts.Flow;
import dev.mimamori.scan.heuristics.php.SinkClass;
import java.util.ArrayList;
import java.util.List;

/**
 * A PHP collector: the endpoint a skimmer posts stolen cards to on the shop itself. It accepts
 * requests from any page ({@code Access-Control-Allow-Origin: *}), notes the visitor's address
 * behind Cloudflare ({@code HTTP_CF_CONNECTING_IP}) and appends the request to a file whose name is
 * hidden ({@code fopen(pack('H*', ...))}). Each trait alone is ordinary; together they are not.
 */
final class CardCollectorDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    PhpFacts php = file.php();
    Flow written = null;
    for (Flow f : php.flows()) {
      if (f.sink() == SinkClass.WRITE) {
        written = f;
        break;
      }
    }
    List<String> traits = new ArrayList<>();
    if (php.corsWildcard() >= 0) {
      traits.add(
          "answers any origin (Access-Control-Allow-Origin: *) at "
              + file.line(php.corsWildcard()));
    }
    if (php.cloudflareIp() >= 0) {
      traits.add("records the client address behind Cloudflare (HTTP_CF_CONNECTING_IP)");
    }
    if (php.obfuscatedFileName() >= 0) {
      traits.add("opens a file under a decoded name at " + file.line(php.obfuscatedFileName()));
    }
    if (written != null && !traits.isEmpty()) {
      report.finding(
          "php-card-collector",
          Severity.CRITICAL,
          "stores request data ("
              + written.source()
              + " into "
              + written.sinkName()
              + " at "
              + file.line(written.offset())
              + ") and "
              + String.join(", ", traits),
          Tags.COLLECTOR,
          Tags.SKIMMER);
    } else if (php.obfuscatedFileName() >= 0) {
      report.finding(
          "php-hidden-file-name",
          Severity.HIGH,
          "opens a file whose name is decoded at run time (fopen(pack('H*', ...)) and the like) at "
              + file.line(php.obfuscatedFileName()),
          Tags.COLLECTOR,
          Tags.OBFUSCATION);
    } else if (written != null) {
      report.signal(
          "php-request-written",
          1,
          written.source() + " written by " + written.sinkName(),
          Tags.COLLECTOR);
    }
    if (traits.size() >= 2 && written == null) {
      report.signal("php-collector-traits", 3, String.join(", ", traits), Tags.COLLECTOR);
    }
  }
}
