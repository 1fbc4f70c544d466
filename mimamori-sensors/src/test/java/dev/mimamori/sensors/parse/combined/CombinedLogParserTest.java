package dev.mimamori.sensors.parse.combined;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedLogParserTest {
  private static final String LINE =
      "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET /products/list HTTP/1.1\" 200 21455"
          + " \"-\" \"curl/8.5.0\"";

  private final CombinedLogParser parser = new CombinedLogParser();

  private static LineContext ctx(long lineNumber) {
    return new LineContext("acme", "shop-1", "/var/log/nginx/access.log", 8192, lineNumber);
  }

  private Event parsed(String line) {
    ParseResult r = parser.parse(line, ctx(42));
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).event();
  }

  @Test
  void formatIsCombined() {
    assertThat(parser.format()).isEqualTo("combined");
  }

  @Test
  void copiesTheLineContextIntoTheEvent() {
    Event e = parsed(LINE);

    assertThat(e.tenant()).isEqualTo("acme");
    assertThat(e.asset()).isEqualTo("shop-1");
    assertThat(e.logFilePath()).isEqualTo("/var/log/nginx/access.log");
    assertThat(e.logOffset()).isEqualTo(8192);
    assertThat(e.lineNumber()).isEqualTo(42);
  }

  @Test
  void setsTheAccessDataset() {
    assertThat(parsed(LINE).dataset()).isEqualTo(CombinedLogParser.DATASET);
  }

  @Test
  void keepsTheWholeLineAsOriginal() {
    assertThat(parsed(LINE).original()).isEqualTo(LINE);
  }

  @Test
  void convertsTheLocalTimeToUtc() {
    assertThat(parsed(LINE).timestamp()).isEqualTo(Instant.parse("2026-11-19T18:12:00Z"));
  }

  @Test
  void rejectionCarriesTheLineNumber() {
    ParseResult r = parser.parse("garbage", ctx(7));

    assertThat(r).isEqualTo(new ParseResult.Rejected("expected 'host ident user' at the start", 7));
  }

  @Test
  void rejectsALineOverSixtyFourKibibytes() {
    String line = LINE.replace("/products/list", "/p?q=" + "a".repeat(64 * 1024));

    ParseResult r = parser.parse(line, ctx(3));

    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(((ParseResult.Rejected) r).reason()).contains("longer than 65536");
  }

  @Test
  void acceptsALineOfExactlySixtyFourKibibytes() {
    String head = "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET /p?q=";
    String tail = " HTTP/1.1\" 200 1 \"-\" \"-\"";
    String filler = "a".repeat(64 * 1024 - head.length() - tail.length());
    String line = head + filler + tail;
    assertThat(line).hasSize(64 * 1024);

    Event e = parsed(line);

    assertThat(e.urlQuery()).isEqualTo("q=" + filler);
  }

  @Test
  void masksCardNumberBeforeTheUrlIsSplit() {
    Event e =
        parsed(
            "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET /pay?cc=4111111111111111"
                + " HTTP/1.1\" 200 1 \"-\" \"-\"");

    assertThat(e.urlQuery()).isEqualTo("cc=411111******1111");
    assertThat(e.original()).doesNotContain("4111111111111111");
  }

  @Test
  void parseTimeAgreesWithJavaTimeOnEveryDayFrom1900To2100() {
    java.time.format.DateTimeFormatter f =
        java.time.format.DateTimeFormatter.ofPattern(
            "dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ENGLISH);
    java.util.List<String> disagreements = new java.util.ArrayList<>();
    for (java.time.LocalDate d = java.time.LocalDate.of(1900, 1, 1);
        d.getYear() <= 2100;
        d = d.plusDays(1)) {
      java.time.ZonedDateTime t =
          d.atTime(23, 59, 58).atZone(java.time.ZoneOffset.ofHoursMinutes(-9, -30));
      String text = f.format(t);
      if (!CombinedLogParser.parseTime(text).equals(t.toInstant())) {
        disagreements.add(text);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void parseTimeReadsNegativeOffset() {
    assertThat(CombinedLogParser.parseTime("10/Oct/2000:13:55:36 -0700"))
        .isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
  }

  @Test
  void parseTimeRefusesWrongLength() {
    assertThatThrownBy(() -> CombinedLogParser.parseTime("1/Oct/2000:13:55:36 -0700"))
        .isInstanceOf(DateTimeException.class);
  }

  @Test
  void handsOutOneInstanceOfARepeatedAddressPathReferrerAndAgent() {
    String line =
        "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET /products/list HTTP/1.1\" 200 21455"
            + " \"https://shop.example/\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
    Event first = parsed(line);
    parsed(LINE); // another line between: the shared table still has them
    Event again = parsed(new String(line));
    assertThat(List.of(again.sourceIp(), again.urlPath(), again.referrer(), again.userAgent()))
        .zipSatisfy(
            List.of(first.sourceIp(), first.urlPath(), first.referrer(), first.userAgent()),
            (a, b) -> assertThat(a).isSameAs(b));
  }

  @Test
  void keepsThePathAndTheOriginalOneTextWithoutAQuery() {
    Event e = parsed(LINE);
    assertThat(e.urlOriginal()).isSameAs(e.urlPath());
  }

  @Test
  void splitsATargetWithAQueryAfterTheKeptPath() {
    Event e = parsed(LINE.replace("/products/list", "/products/list?category_id=2"));
    assertThat(List.of(e.urlOriginal(), e.urlPath(), e.urlQuery()))
        .containsExactly("/products/list?category_id=2", "/products/list", "category_id=2");
  }

  @Test
  void parseTimeRefusesFebruaryThirtieth() {
    assertThatThrownBy(() -> CombinedLogParser.parseTime("30/Feb/2026:00:00:00 +0000"))
        .isInstanceOf(DateTimeException.class);
  }

  @Test
  void splitsEveryRequestLineInPlaceAsTheCopiedLineWouldBe() {
    // The request line is split where it lies in the line: over random request lines of spaces,
    // methods, targets with and without a query and versions, the same parts as splitting a copy
    // of it on its own (the parser's earlier way, kept here as the reference). Quotes and
    // backslashes inside come escaped, as Apache writes them.
    java.util.Random random = new java.util.Random(5);
    String[] pieces = {
      " ", "GET", "POST", "/a", "?", "b=1", "HTTP/", "1.1", "2.0", "x", "-", "%3F", "\\\"", "\\\\"
    };
    List<String> wrong = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder request = new StringBuilder();
      for (int k = random.nextInt(8) - 1; k >= 0; k--) { // none at times: an empty request
        request.append(pieces[random.nextInt(pieces.length)]);
      }
      String r = request.toString();
      Event e = parsed(LINE.replace("GET /products/list HTTP/1.1", r));
      List<String> expected = reference(r);
      java.util.List<@org.jspecify.annotations.Nullable String> got =
          java.util.Arrays.asList(
              e.method(),
              e.urlOriginal(),
              e.urlPath(),
              e.urlQuery(),
              e.extra().get("http.version"));
      if (!got.equals(expected)) {
        wrong.add("'" + r + "': " + got + " expected " + expected);
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** Method, target, path, query and version of a request line copied out of its line. */
  private static List<String> reference(String request) {
    int sp1 = request.indexOf(' ');
    int sp2 = request.lastIndexOf(' ');
    String method;
    String target;
    String version = null;
    if (sp1 > 0 && sp2 > sp1 && request.startsWith("HTTP/", sp2 + 1)) {
      method = request.substring(0, sp1);
      target = request.substring(sp1 + 1, sp2);
      version = request.substring(sp2 + 6);
    } else if (sp1 > 0) {
      method = request.substring(0, sp1);
      target = request.substring(sp1 + 1);
    } else {
      return java.util.Arrays.asList(null, request, null, null, null);
    }
    int q = target.indexOf('?');
    return q >= 0
        ? java.util.Arrays.asList(
            method, target, target.substring(0, q), target.substring(q + 1), version)
        : java.util.Arrays.asList(method, target, target, null, version);
  }

  @Test
  void sharesOneExtraMapPerCommonVersion() {
    Event a = parsed(LINE);
    Event b = parsed(LINE.replace("/products/list", "/cart"));

    assertThat(a.extra())
        .isSameAs(b.extra())
        .containsExactly(java.util.Map.entry("http.version", "1.1"));
  }

  @Test
  void keepsAnUncommonVersion() {
    Event e = parsed(LINE.replace("HTTP/1.1", "HTTP/3"));

    assertThat(e.extra()).containsExactly(java.util.Map.entry("http.version", "3"));
  }
}
