package dev.mimamori.sensors.parse.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded random and mutated records: the parser answers every one and never throws. */
class VpcFlowLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final int ROUND_TRIPS = 2_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String V5 =
      "${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${end} ${type}"
          + " ${packets} ${bytes} ${account-id} ${vpc-id} ${subnet-id} ${instance-id}"
          + " ${interface-id} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${action}"
          + " ${tcp-flags} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-src-aws-service}"
          + " ${pkt-dst-aws-service} ${traffic-path} ${flow-direction} ${log-status}";
  private static final String[] DEFAULT_SEEDS = {
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249"
        + " 1418530010 1418530070 ACCEPT OK",
    "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
    "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105"
        + " ::ffff:192.0.2.1 34892 22 6 54 8855 1477913708 1477913820 REJECT OK",
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start"
        + " end action log-status"
  };
  private static final String[] V5_SEEDS = {
    "5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012"
        + " vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b"
        + " eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71"
        + " S3 - - ingress OK"
  };
  private static final String NASTY = " -:.0123456789abcdefx\u0000\t\u00e9\u3042\ud83d";

  private final VpcFlowLogParser parser = new VpcFlowLogParser();
  private final VpcFlowLogParser v5 = new VpcFlowLogParser(V5);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersRandomBytesWithParsedOrRejected() {
    Random rnd = new Random(51);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(300)];
      rnd.nextBytes(bytes);
      String line = new String(bytes, StandardCharsets.UTF_8);

      assertAnswered(line, parser.parse(line, CTX));
      assertAnswered(line, v5.parse(line, CTX));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersMutatedValidLinesWithParsedOrRejected() {
    assertThat(parser.parse(DEFAULT_SEEDS[0], CTX)).isInstanceOf(ParseResult.Parsed.class);
    assertThat(v5.parse(V5_SEEDS[0], CTX)).isInstanceOf(ParseResult.Parsed.class);
    Random rnd = new Random(52);
    for (int it = 0; it < ITERATIONS; it++) {
      String line = mutate(DEFAULT_SEEDS[rnd.nextInt(DEFAULT_SEEDS.length)], rnd);
      assertAnswered(line, parser.parse(line, CTX));
      String custom = mutate(V5_SEEDS[rnd.nextInt(V5_SEEDS.length)], rnd);
      assertAnswered(custom, v5.parse(custom, CTX));
    }
  }

  @Test
  void parsesEveryGeneratedRecordBackToItsFields() {
    Random rnd = new Random(53);
    for (int it = 0; it < ROUND_TRIPS; it++) {
      long start = 1_400_000_000L + rnd.nextInt(400_000_000);
      long end = start + rnd.nextInt(600);
      String src = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      String dst = "10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256);
      int srcPort = rnd.nextInt(65536);
      int dstPort = rnd.nextInt(65536);
      int protocol = rnd.nextInt(256);
      long packets = 1 + rnd.nextInt(100_000);
      long bytes = packets * (40 + rnd.nextInt(1460));
      boolean accept = rnd.nextBoolean();
      String line =
          String.format(
              "2 %d eni-%08x %s %s %d %d %d %d %d %d %d %s OK",
              100_000_000_000L + rnd.nextInt(900_000_000),
              rnd.nextInt(),
              src,
              dst,
              srcPort,
              dstPort,
              protocol,
              packets,
              bytes,
              start,
              end,
              accept ? "ACCEPT" : "REJECT");

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      // Each field is masked alone: the numbers written side by side are never spoiled.
      assertThat(e.original()).isEqualTo(line);
      assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(start));
      assertThat(e.field("event.end")).isEqualTo(Instant.ofEpochSecond(end).toString());
      assertThat(e.sourceIp()).isEqualTo(src);
      assertThat(e.field("destination.ip")).isEqualTo(dst);
      assertThat(e.field("source.port")).isEqualTo(Integer.toString(srcPort));
      assertThat(e.field("destination.port")).isEqualTo(Integer.toString(dstPort));
      assertThat(e.field("network.iana_number")).isEqualTo(Integer.toString(protocol));
      assertThat(e.field("network.packets")).isEqualTo(Long.toString(packets));
      assertThat(e.field("network.bytes")).isEqualTo(Long.toString(bytes));
      assertThat(e.field("event.action")).isEqualTo(accept ? "accept" : "reject");
    }
  }

  private static void assertAnswered(String line, ParseResult r) {
    assertThat(r).as(line).isInstanceOfAny(ParseResult.Parsed.class, ParseResult.Rejected.class);
    if (r instanceof ParseResult.Rejected rejected) {
      assertThat(rejected.reason()).as(line).isNotBlank();
      assertThat(rejected.lineNumber()).isEqualTo(CTX.lineNumber());
    } else {
      Event e = ((ParseResult.Parsed) r).event();
      // event.original is the line with each field masked alone: as long, and no card left.
      assertThat(e.original()).as(line).hasSameSizeAs(line);
      for (String field : e.original().split(" ")) {
        assertThat(CardMasker.mask(field)).as(line).isEqualTo(field);
      }
      assertThat(e.dataset()).isEqualTo("aws.vpcflow");
    }
  }

  private static String mutate(String seed, Random rnd) {
    return FuzzInputs.mutate(seed, rnd, NASTY, r -> "4111111111111111");
  }
}
