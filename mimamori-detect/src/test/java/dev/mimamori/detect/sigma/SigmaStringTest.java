package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SigmaStringTest {
  @Test
  void base64OffsetGivesTheThreeShiftedForms() {
    assertThat(SigmaString.literal("/bin/bash").base64Offsets())
        .extracting(SigmaString::plain)
        .containsExactly("L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2");
  }

  @Test
  void wideInterleavesNuls() {
    assertThat(SigmaString.literal("cmd").utf16(false, false).plain()).isEqualTo("c\0m\0d\0");
  }

  @Test
  void windashTurnsAFlagDashIntoAClass() {
    assertThat(SigmaString.parse("cmd -c").windash().toString())
        .isEqualTo("cmd [-/\u2013\u2014\u2015]c");
  }

  @Test
  void windashLeavesADashInsideAWord() {
    assertThat(SigmaString.parse("x-y").windash().toString()).isEqualTo("x-y");
  }

  @Test
  void containsDoesNotDoubleAStar() {
    assertThat(SigmaString.parse("*a*").contains().toString()).isEqualTo("*a*");
  }
}
