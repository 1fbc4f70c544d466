package dev.mimamori.uptime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The records a resolver gave for one query, sorted so that two answers compare equal regardless of
 * order (round-robin DNS reorders them on every query).
 *
 * @param records the record data, e.g. {@code 192.0.2.1} or {@code 10 mail.example.}
 * @param failure why there is no answer (timeout, SERVFAIL), null for an answer; NXDOMAIN is an
 *     answer with no records
 */
public record DnsAnswer(DnsQuery query, List<String> records, @Nullable String failure) {
  public DnsAnswer {
    records = records.stream().sorted().toList();
  }

  public boolean answered() {
    return failure == null;
  }
}
