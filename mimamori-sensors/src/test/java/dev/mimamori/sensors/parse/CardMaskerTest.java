package dev.mimamori.sensors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardMaskerTest {

  @Test
  void masksContiguousVisaNumber() {
    assertThat(CardMasker.mask("cc=4111111111111111&x=1")).isEqualTo("cc=411111******1111&x=1");
  }

  @Test
  void masksVisaNumberWithSpaces() {
    assertThat(CardMasker.mask("4111 1111 1111 1111")).isEqualTo("4111 11** **** 1111");
  }

  @Test
  void masksVisaNumberWithDashes() {
    assertThat(CardMasker.mask("4111-1111-1111-1111")).isEqualTo("4111-11**-****-1111");
  }

  @Test
  void masksMastercardNumberWithPercentTwentySpaces() {
    assertThat(CardMasker.mask("pan=5555%205555%205555%204444"))
        .isEqualTo("pan=5555%2055**%20****%204444");
  }

  @Test
  void masksMastercardNumberWithPlusSpaces() {
    assertThat(CardMasker.mask("pan=5555+5555+5555+4444")).isEqualTo("pan=5555+55**+****+4444");
  }

  @Test
  void masksNumberWithPercentEncodedDashesInEitherCase() {
    assertThat(CardMasker.mask("4111%2D1111%2d1111%2D1111")).isEqualTo("4111%2D11**%2d****%2D1111");
  }

  @Test
  void masksAmexNumberInFourSixFiveGroups() {
    assertThat(CardMasker.mask("3782 822463 10005")).isEqualTo("3782 82**** *0005");
  }

  @Test
  void masksJcbNumber() {
    assertThat(CardMasker.mask("3530 1113 3330 0000")).isEqualTo("3530 11** **** 0000");
  }

  @Test
  void masksMastercardTwoSeriesNumber() {
    assertThat(CardMasker.mask("2223003122003222")).isEqualTo("222300******3222");
  }

  @Test
  void masksThirteenDigitVisaNumber() {
    assertThat(CardMasker.mask("4222222222222")).isEqualTo("422222***2222");
  }

  @Test
  void masksNineteenDigitVisaNumber() {
    assertThat(CardMasker.mask("4111111111111111110")).isEqualTo("411111*********1110");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "visa, 4012888888881881",
    "mastercard, 5105105105105100",
    "amex, 371449635398431",
    "discover, 6011111111111117",
    "diners, 36259600000004",
    "jcb, 3530111333300000"
  })
  void masksEveryKnownBrandKeepingFirstSixAndLastFour(String brand, String number) {
    String masked = CardMasker.mask(number);

    String hidden = "*".repeat(number.length() - 10);
    assertThat(masked)
        .isEqualTo(number.substring(0, 6) + hidden + number.substring(number.length() - 4));
  }

  @Test
  void keepsFirstSixAndLastFourDigitsAcrossSeparators() {
    String masked = CardMasker.mask("4012 8888 8888 1881");

    String digits = masked.replace(" ", "");
    assertThat(digits).startsWith("401288").endsWith("1881");
    assertThat(digits.substring(6, digits.length() - 4)).matches("\\*+");
  }

  @Test
  void masksCardAtTheStartAndAtTheEndOfTheText() {
    assertThat(CardMasker.mask("4111111111111111 and 5555555555554444"))
        .isEqualTo("411111******1111 and 555555******4444");
  }

  @Test
  void masksCardEmbeddedAfterOtherDigitsSeparatedBySpace() {
    assertThat(CardMasker.mask("order 12345 4111111111111111"))
        .isEqualTo("order 12345 411111******1111");
  }

  @Test
  void masksCardAfterShortDigitGroupThatMakesTheRunTooLong() {
    assertThat(CardMasker.mask("no 12 4111 1111 1111 1111")).isEqualTo("no 12 4111 11** **** 1111");
  }

  @Test
  void masksCardFollowedByExpiryDigits() {
    // Regression: the run "4111 ... 1111 12 27" was checked only as a whole and left unmasked.
    assertThat(CardMasker.mask("4111 1111 1111 1111 12 27")).isEqualTo("4111 11** **** 1111 12 27");
  }

  @Test
  void masksCardFollowedByPlusAndSecurityCode() {
    // Regression: as above, with form-encoded spaces.
    assertThat(CardMasker.mask("cc=5555555555554444+123")).isEqualTo("cc=555555******4444+123");
  }

  @Test
  void masksCardFollowedBySpaceAndFourDigitsMakingTwentyDigits() {
    // Regression: the 20-digit run stopped the scan and the card in front of it was missed.
    assertThat(CardMasker.mask("4111111111111111 2027")).isEqualTo("411111******1111 2027");
  }

  @Test
  void masksCardRightAfterPercentTwentyEscape() {
    // Regression: the escape's trailing 0 was taken as the card's first digit.
    assertThat(CardMasker.mask("msg=card%204111111111111111"))
        .isEqualTo("msg=card%20411111******1111");
  }

  @Test
  void masksCardBetweenPercentEncodedQuotes() {
    // Regression: "%22" + card + "%22" read as one 20-digit run.
    assertThat(CardMasker.mask("q=%224111111111111111%22")).isEqualTo("q=%22411111******1111%22");
  }

  @Test
  void leavesNumberFailingLuhnUntouched() {
    String text = "order=4111111111111112";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void leavesLuhnValidNumberWithUnknownBrandUntouched() {
    String text = "id=1234567812345670";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void leavesVisaPrefixedNumberOfInvalidLengthUntouched() {
    // 15 digits, Luhn-valid, but Visa numbers have 13, 16 or 19.
    String text = "411111111111116";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void leavesTwentyDigitRunUntouched() {
    // The first 16 digits are a valid Visa number, but the run is one 20-digit number.
    String text = "ref=41111111111111110000";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void leavesCardGluedToPrecedingDigitsUntouched() {
    // A digit directly before it makes it part of a longer number.
    String text = "94111111111111111";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void doesNotJoinGroupsAcrossDoubleSeparators() {
    String text = "4111  1111 1111 1111";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void doesNotTreatOtherCharactersAsSeparators() {
    String text = "4111.1111.1111.1111";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void leavesTimestampsAndAddressesUntouched() {
    String text = "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET / HTTP/1.1\" 200 21455";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void returnsTheSameInstanceWhenThereIsNoCard() {
    String text = "nothing to see";

    assertThat(CardMasker.mask(text)).isSameAs(text);
  }

  @Test
  void handlesEmptyText() {
    assertThat(CardMasker.mask("")).isEmpty();
  }

  @Test
  void luhnAcceptsValidAndRefusesOffByOne() {
    assertThat(CardMasker.luhn("4111111111111111".toCharArray())).isTrue();
    assertThat(CardMasker.luhn("4111111111111121".toCharArray())).isFalse();
  }

  @Test
  void findsACardAtEveryPositionAmongWordsTheFastScanSkips() {
    java.util.List<String> missed = new java.util.ArrayList<>();
    for (int pad = 0; pad < 40; pad++) {
      for (String card :
          new String[] {"4111111111111111", "4111 1111 1111 1111", "4111%201111%201111%201111"}) {
        String line = "GET /x/".repeat(6).substring(0, pad) + card + "/tail.php HTTP/1.1";
        if (!CardMasker.hasLongDigitRun(line) || CardMasker.mask(line).contains(card)) {
          missed.add(line);
        }
      }
    }
    assertThat(missed).isEmpty();
  }

  @Test
  void seesNoLongRunInAnAccessLineWithoutACard() {
    assertThat(
            CardMasker.hasLongDigitRun(
                "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET /products/list?id=12 HTTP/1.1\""
                    + " 200 21455 \"-\" \"curl/8.5.0\""))
        .isFalse();
  }

  /**
   * The quick check's definition, read from every start: a run of 13 digits, separators between.
   */
  private static boolean longDigitRunFromAnyStart(String s) {
    for (int i = 0; i < s.length(); i++) {
      int count = 0;
      int j = i;
      while (j < s.length()) {
        char c = s.charAt(j);
        if (c >= '0' && c <= '9') {
          if (++count >= 13) {
            return true;
          }
          j++;
          continue;
        }
        int sep =
            count == 0
                ? 0
                : c == ' ' || c == '-' || c == '+'
                    ? 1
                    : s.startsWith("%20", j) || s.regionMatches(true, j, "%2d", 0, 3) ? 3 : 0;
        if (sep > 0 && j + sep < s.length() && Character.isDigit(s.charAt(j + sep))) {
          j += sep;
          continue;
        }
        break;
      }
    }
    return false;
  }

  @Test
  void quickCheckCountsARunThatStartsInsideAnEscape() {
    // From the "1": 1 + 11 digits with %20 between; from the escape's "20": 13 digits.
    assertThat(CardMasker.hasLongDigitRun("x1%2012345678901")).isTrue();
  }

  @Test
  void quickCheckAgreesWithAScanFromEveryStart() {
    java.util.Random random = new java.util.Random(7);
    String alphabet = "0123456789012345678901234567890123456789 -+%2dDx/.\"a:";
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (int k = 0; k < 300_000 && wrong.size() < 5; k++) {
      char[] c = new char[random.nextInt(80)];
      for (int i = 0; i < c.length; i++) {
        c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String text = new String(c);
      if (CardMasker.hasLongDigitRun(text) != longDigitRunFromAnyStart(text)) {
        wrong.add(text);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void quickCheckNeverSkipsALineTheFullScanWouldMask() {
    java.util.Random random = new java.util.Random(42);
    String alphabet = "0123456789012345678901234567890123456789 -+%2dDx/.\"";
    java.util.List<String> skipped = new java.util.ArrayList<>();
    for (int k = 0; k < 200_000 && skipped.size() < 5; k++) {
      char[] c = new char[13 + random.nextInt(60)];
      for (int i = 0; i < c.length; i++) {
        c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String text = new String(c);
      if (!CardMasker.mask(text).equals(CardMasker.maskRuns(text))) {
        skipped.add(text);
      }
    }
    assertThat(skipped).isEmpty();
  }
}
