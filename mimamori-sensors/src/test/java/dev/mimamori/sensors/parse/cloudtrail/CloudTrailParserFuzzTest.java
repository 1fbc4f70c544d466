package dev.mimamori.sensors.parse.cloudtrail;

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
class CloudTrailParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final int ROUND_TRIPS = 2_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String RECORD =
      "{\"eventVersion\":\"1.04\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
          + "\"EX_PRINCIPAL_ID\",\"arn\":\"arn:aws:iam::123456789012:user/Alice\",\"accountId\":"
          + "\"123456789012\",\"accessKeyId\":\"EXAMPLE_KEY_ID\",\"userName\":\"Alice\"},"
          + "\"eventTime\":\"2016-07-14T19:15:45Z\",\"eventSource\":\"cloudtrail.amazonaws.com\","
          + "\"eventName\":\"UpdateTrail\",\"awsRegion\":\"us-east-2\",\"sourceIPAddress\":"
          + "\"205.251.233.182\",\"userAgent\":\"aws-cli/1.10.32 Python/2.7.9 Windows/7\","
          + "\"errorCode\":\"TrailNotFoundException\",\"errorMessage\":\"Unknown trail: myTrail2 for"
          + " the user: 123456789012\",\"requestParameters\":{\"name\":\"myTrail2\"},"
          + "\"responseElements\":null,\"requestID\":\"5d40662a-49f7-11e6-97e4-d9cb6ff7d6a3\","
          + "\"eventID\":\"b7d4398e-b2f0-4faa-9c76-e2d316a8d67f\",\"eventType\":\"AwsApiCall\","
          + "\"recipientAccountId\":\"123456789012\"}";
  private static final String[] SEEDS = {
    RECORD,
    "{\"Records\":[" + RECORD + "]}",
    "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.iam\","
        + "\"detail\":"
        + RECORD
        + "}",
    "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AWSService\",\"invokedBy\":"
        + "\"ec2.amazonaws.com\"},\"eventTime\":\"2026-11-19T18:12:00Z\",\"eventSource\":"
        + "\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\",\"sourceIPAddress\":"
        + "\"ec2.amazonaws.com\",\"readOnly\":true,\"responseElements\":{\"ConsoleLogin\":"
        + "\"Failure\"},\"userAgent\":\"x \\u0034111 1111 1111 1111\"}"
  };
  private static final String NASTY =
      "{}[]\":,\\ -+./0123456789eEtfnulZT\u0000\t\u00e9\u3042\ud83d";

  private final CloudTrailParser parser = new CloudTrailParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersRandomBytesWithParsedOrRejected() {
    Random rnd = new Random(71);
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
    Random rnd = new Random(72);
    for (int it = 0; it < ITERATIONS; it++) {
      String line = mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void parsesEveryGeneratedRecordBackToItsFields() {
    Random rnd = new Random(73);
    for (int it = 0; it < ROUND_TRIPS; it++) {
      Instant time = Instant.ofEpochSecond(1_400_000_000L + rnd.nextInt(400_000_000));
      String ip = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      String user = word(rnd);
      String action = "Put" + word(rnd);
      boolean failed = rnd.nextBoolean();
      String line =
          String.format(
              "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                  + "\"arn:aws:iam::123456789012:user/%s\"},\"eventTime\":\"%s\","
                  + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"%s\",\"awsRegion\":"
                  + "\"ap-northeast-1\",\"sourceIPAddress\":\"%s\",%s\"requestParameters\":"
                  + "{\"bucketName\":\"%s\",\"tags\":[{\"k\":[1,2,{\"x\":null}]}]},"
                  + "\"recipientAccountId\":\"123456789012\"}",
              user, time, action, ip, failed ? "\"errorCode\":\"AccessDenied\"," : "", word(rnd));

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).isEqualTo(time);
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.userName()).isEqualTo(user);
      assertThat(e.field("event.action")).isEqualTo(action);
      assertThat(e.field("event.outcome")).isEqualTo(failed ? "failure" : "success");
      assertThat(e.field("aws.cloudtrail.error_code")).isEqualTo(failed ? "AccessDenied" : null);
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
      assertThat(e.field("event.action")).as(line).isNotBlank();
      assertThat(e.field("event.provider")).as(line).isNotBlank();
      assertThat(e.field("event.outcome")).as(line).isIn("success", "failure");
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
        case 5 -> b.insert(at, "{\"a\":[[[[[[[[");
        default -> b.insert(at, "4111 1111 1111 1111");
      }
    }
    return b.toString();
  }

  private static String word(Random rnd) {
    return FuzzInputs.word(rnd);
  }
}
