package dev.mimamori.uptime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An event as one JSON log line for the pipeline (format {@code uptime}, read by mimamori-sensors'
 * {@code UptimeLogParser} and matched by the rules in {@code pack/uptime.yml}). {@code action}
 * names what happened: uptime-down, uptime-up, uptime-flapping, uptime-stable, tls-expiring,
 * tls-invalid, dns-changed, content-changed.
 */
public final class UptimeLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UptimeLine() {}

  public static String write(UptimeEvent e, String url) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "uptime");
    o.put("time", e.at().toEpochMilli());
    o.put("monitor", e.target());
    o.put("url", url);
    if (e instanceof UptimeEvent.WentDown d) {
      o.put("action", "uptime-down");
      o.put("reason", d.reason());
      o.put("failures", d.failures());
    } else if (e instanceof UptimeEvent.CameUp u) {
      o.put("action", "uptime-up");
      o.put("down_seconds", u.downFor().toSeconds());
    } else if (e instanceof UptimeEvent.Flapping f) {
      o.put("action", "uptime-flapping");
      o.put("changes", f.changes());
      o.put("window_seconds", f.window().toSeconds());
    } else if (e instanceof UptimeEvent.Stable s) {
      o.put("action", "uptime-stable");
      o.put("up", s.up());
    } else if (e instanceof UptimeEvent.TlsExpiring t) {
      o.put("action", "tls-expiring");
      o.put("days_left", t.daysLeft());
      o.put("not_after", t.notAfter().toString());
    } else if (e instanceof UptimeEvent.TlsInvalid t) {
      o.put("action", "tls-invalid");
      var problems = o.putArray("problems");
      t.problems().stream().map(Enum::name).sorted().forEach(problems::add);
      o.put("detail", t.detail());
    } else if (e instanceof UptimeEvent.DnsChanged d) {
      o.put("action", "dns-changed");
      o.put("dns_name", d.query().name());
      o.put("dns_type", d.query().type().name());
      array(o, "before", d.before());
      array(o, "after", d.after());
    } else if (e instanceof UptimeEvent.ContentChanged c) {
      o.put("action", "content-changed");
      o.put("before", c.beforeSha256());
      o.put("after", c.afterSha256());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static void array(ObjectNode o, String name, List<String> values) {
    var a = o.putArray(name);
    values.forEach(a::add);
  }
}
