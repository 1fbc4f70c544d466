package dev.mimamori.sensors.parse.awswaf;

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
class AwsWafLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final int ROUND_TRIPS = 2_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String[] SEEDS = {
    "{\"timestamp\":1576280412771,\"formatVersion\":1,\"webaclId\":\"arn:aws:wafv2:ap-southeast-2:"
        + "111122223333:regional/webacl/STMTest/1EXAMPLE\",\"terminatingRuleId\":\"STMTest_SQLi_XSS\","
        + "\"terminatingRuleType\":\"REGULAR\",\"action\":\"BLOCK\",\"terminatingRuleMatchDetails\":"
        + "[{\"conditionType\":\"SQL_INJECTION\",\"location\":\"HEADER\",\"matchedData\":[\"10\","
        + "\"AND\",\"1\"]}],\"httpSourceName\":\"-\",\"httpSourceId\":\"-\",\"ruleGroupList\":[],"
        + "\"rateBasedRuleList\":[],\"nonTerminatingMatchingRules\":[],\"httpRequest\":{\"clientIp\":"
        + "\"1.1.1.1\",\"country\":\"AU\",\"headers\":[{\"name\":\"Host\",\"value\":\"localhost:1989\"},"
        + "{\"name\":\"User-Agent\",\"value\":\"curl/7.61.1\"}],\"uri\":\"/foo\",\"args\":\"\","
        + "\"httpVersion\":\"HTTP/1.1\",\"httpMethod\":\"GET\",\"requestId\":\"rid\"},\"labels\":"
        + "[{\"name\":\"value\"}]}",
    "{\"timestamp\":1795111920123,\"webaclId\":\"arn:aws:wafv2:ap-northeast-1:123456789012:regional"
        + "/webacl/shop/x\",\"terminatingRuleId\":\"AWS-AWSManagedRulesCommonRuleSet\","
        + "\"terminatingRuleType\":\"MANAGED_RULE_GROUP\",\"action\":\"BLOCK\",\"ruleGroupList\":"
        + "[{\"ruleGroupId\":\"AWS#AWSManagedRulesCommonRuleSet\",\"terminatingRule\":{\"ruleId\":"
        + "\"GenericLFI_QUERYARGUMENTS\",\"action\":\"BLOCK\"}}],\"responseCodeSent\":403,"
        + "\"httpRequest\":{\"clientIp\":\"2001:db8::1\",\"country\":\"-\",\"headers\":[{\"name\":"
        + "\"user-agent\",\"value\":\"a \\\"b\\\" \\u0034111 1111 1111 1111\"}],\"uri\":\"/pay\","
        + "\"args\":\"cc=4111111111111111\",\"httpVersion\":\"HTTP/2.0\",\"httpMethod\":\"POST\"},"
        + "\"labels\":[{\"name\":\"awswaf:managed:aws:core-rule-set:GenericLFI_QueryArguments\"}]}"
  };
  private static final String NASTY = "{}[]\":,\\ -+./0123456789eEtfnul\u0000\t\u00e9\u3042\ud83d";

  private final AwsWafLogParser parser = new AwsWafLogParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersRandomBytesWithParsedOrRejected() {
    Random rnd = new Random(61);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(400)];
      rnd.nextBytes(bytes);
      if (bytes.length > 0 && rnd.nextBoolean()) {
        bytes[0] = '{'; // get past the first check now and then
      }
      String line = new String(bytes, StandardCharsets.UTF_8);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersMutatedValidLinesWithParsedOrRejected() {
    for (String seed : SEEDS) {
      assertThat(parser.parse(seed, CTX)).as(seed).isInstanceOf(ParseResult.Parsed.class);
    }
    Random rnd = new Random(62);
    for (int it = 0; it < ITERATIONS; it++) {
      String line = mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void parsesEveryGeneratedRecordBackToItsFields() {
    Random rnd = new Random(63);
    String[] actions = {"ALLOW", "BLOCK", "COUNT", "CAPTCHA", "CHALLENGE"};
    for (int it = 0; it < ROUND_TRIPS; it++) {
      long millis = 1_500_000_000_000L + (long) rnd.nextInt(1_000_000_000) * 300;
      String ip = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      String action = actions[rnd.nextInt(actions.length)];
      String path = "/" + word(rnd) + "/" + word(rnd);
      String query = rnd.nextBoolean() ? "" : word(rnd) + "=" + word(rnd);
      String agent = word(rnd) + "/" + rnd.nextInt(10) + " (\\\"" + word(rnd) + "\\\")";
      String headerName = rnd.nextBoolean() ? "User-Agent" : "user-agent";
      String line =
          String.format(
              "{\"timestamp\":%d,\"formatVersion\":1,\"webaclId\":\"arn:aws:wafv2:x\","
                  + "\"terminatingRuleId\":\"%s\",\"terminatingRuleType\":\"REGULAR\","
                  + "\"action\":\"%s\",\"httpRequest\":{\"clientIp\":\"%s\",\"country\":\"JP\","
                  + "\"headers\":[{\"name\":\"%s\",\"value\":\"%s\"}],\"uri\":\"%s\","
                  + "\"args\":\"%s\",\"httpVersion\":\"HTTP/1.1\",\"httpMethod\":\"GET\"}}",
              millis, word(rnd), action, ip, headerName, agent, path, query);

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).isEqualTo(Instant.ofEpochMilli(millis));
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.field("event.action")).isEqualTo(action.toLowerCase(java.util.Locale.ROOT));
      assertThat(e.urlPath()).isEqualTo(path);
      assertThat(e.urlQuery()).isEqualTo(query.isEmpty() ? null : query);
      assertThat(e.urlOriginal()).isEqualTo(query.isEmpty() ? path : path + "?" + query);
      assertThat(e.userAgent()).isEqualTo(agent.replace("\\\"", "\""));
    }
  }

  private static void assertAnswered(String line, ParseResult r) {
    assertThat(r).as(line).isInstanceOfAny(ParseResult.Parsed.class, ParseResult.Rejected.class);
    if (r instanceof ParseResult.Rejected rejected) {
      assertThat(rejected.reason()).as(line).isNotBlank();
      assertThat(rejected.lineNumber()).isEqualTo(CTX.lineNumber());
    } else {
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.original()).as(line).isEqualTo(CardMasker.mask(line));
      assertThat(e.sourceIp()).as(line).isNotBlank();
      assertThat(e.field("event.action")).as(line).isNotBlank();
      if (e.statusCode() != null) {
        assertThat(e.statusCode()).as(line).isBetween(100, 999);
      }
      if (e.userAgent() != null) {
        assertThat(CardMasker.mask(e.userAgent())).isEqualTo(e.userAgent());
      }
    }
  }

  private static String mutate(String seed, Random rnd) {
    StringBuilder b = new StringBuilder(seed);
    int mutations = 1 + rnd.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
      switch (rnd.nextInt(7)) {
        case 0 -> b.insert(at, NASTY.charAt(rnd.nextInt(NASTY.length())));
        case 1 -> {
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
        }
        case 2 -> {
          if (b.length() > 0) {
            b.setCharAt(at, NASTY.charAt(rnd.nextInt(NASTY.length())));
          }
        }
        case 3 -> b.setLength(at);
        case 4 -> {
          int end = Math.min(b.length(), at + rnd.nextInt(40));
          b.insert(at, b.substring(at, end));
        }
        case 5 -> b.insert(at, "[[[[[[{\"a\":");
        default -> b.insert(at, "4111 1111 1111 1111");
      }
    }
    return b.toString();
  }

  private static String word(Random rnd) {
    return FuzzInputs.word(rnd);
  }
}
