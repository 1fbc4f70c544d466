package dev.mimamori.uptime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks one resolver (the system's first one, or a given address) for a record set, with no cache,
 * so that a change is seen on the next check.
 */
public final class DnsCheck {
  private final SimpleResolver resolver;

  /**
   * @param resolver the resolver to ask, or null for the system's
   * @param timeout per query
   */
  public DnsCheck(@Nullable InetSocketAddress resolver, Duration timeout) {
    try {
      this.resolver = resolver == null ? new SimpleResolver() : new SimpleResolver(resolver);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("no resolver: " + e.getMessage(), e);
    }
    this.resolver.setTimeout(timeout);
  }

  public DnsAnswer lookup(DnsQuery q) {
    int type = Type.value(q.type().name());
    Message response;
    try {
      Name name = Name.fromString(q.name(), Name.root);
      response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    } catch (TextParseException e) {
      return new DnsAnswer(q, List.of(), "not a DNS name");
    } catch (IOException e) {
      return new DnsAnswer(q, List.of(), "no answer: " + e.getMessage());
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return new DnsAnswer(q, List.of(), Rcode.string(rcode));
    }
    List<String> records = new ArrayList<>();
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r.getType() == type) {
        records.add(r.rdataToString().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return new DnsAnswer(q, records, null);
  }
}
