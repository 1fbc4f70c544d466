package dev.mimamori.sensors.parse.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.parse.TestdataHarness;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyslogParserFuzzTest {
  private final LogParser parser = Parsers.forFormat("syslog");

  static final String[] SEEDS = {
    "<190>1 2026-11-21T10:02:20+09:00 web1 nginx - - [a b=\"c\\]\"] 203.0.113.45 - - [21/Nov/2026:10:02:20 +0900] \"GET /x HTTP/1.1\" 200 5 \"-\" \"y\"",
    "Nov 21 10:00:00 shop sshd[4242]: Accepted publickey for deploy from 198.51.100.7 port 50022 ssh2",
    "<86>Nov  1 09:05:07 shop sudo: deploy : COMMAND=/usr/bin/id"
  };

  @Test
  void neverThrowsOnMutatedOrRandomLines() {
    Random r = new Random(5424);
    for (int i = 0; i < 20_000; i++) {
      String line;
      if (i % 2 == 0) {
        char[] c = SEEDS[r.nextInt(SEEDS.length)].toCharArray();
        for (int k = 0, n = 1 + r.nextInt(6); k < n; k++) {
          c[r.nextInt(c.length)] = (char) r.nextInt(0x3000);
        }
        line = new String(c, 0, 1 + r.nextInt(c.length));
      } else {
        char[] c = new char[r.nextInt(200)];
        for (int k = 0; k < c.length; k++) {
          c[k] = (char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0xFFFF));
        }
        line = new String(c);
      }
      ParseResult result = parser.parse(line, TestdataHarness.CTX);
      assertThat(result).isNotNull();
    }
  }
}
