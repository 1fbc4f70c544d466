package dev.mimamori.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainStageTest {
  @Test
  void theBuiltInCodeWriteRuleIsStageThree() {
    assertThat(ChainStage.of("eccube.admin.code-write")).isEqualTo(ChainStage.CODE_WRITE);
  }

  @Test
  void aFileCheckWebShellIsStageSix() {
    assertThat(ChainStage.of("webshell").number()).isEqualTo(6);
  }

  @Test
  void aScanIsNoStage() {
    assertThat(ChainStage.of("web.scanner").inChain()).isFalse();
  }

  @Test
  void databaseClassesAreDataTheft() {
    assertThat(ChainStage.of("db.dump")).isEqualTo(ChainStage.DATA_THEFT);
  }
}
