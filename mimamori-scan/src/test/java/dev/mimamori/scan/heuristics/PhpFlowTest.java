package dev.mimamori.scan.heuristics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.php.PhpFlow;
import dev.mimamori.scan.heuristics.php.SinkClass;
import org.junit.jupiter.api.Test;

/** What the PHP flow analysis follows and where it stops. */
class PhpFlowTest {
  private static PhpFacts php(String code) {
    return PhpFlow.analyze("<?php\n" + code, false);
  }

  @Test
  void requestDataReachesASinkThroughVariablesAndConcatenation() {
    PhpFacts facts = php("$a = $_POST['c']; $b = 'ls ' . $a; exec($b);");
    assertThat(facts.flows())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.sink()).isEqualTo(SinkClass.COMMAND);
              assertThat(f.source()).isEqualTo("$b");
              assertThat(f.viaVariable()).isTrue();
            });
  }

  @Test
  void checksHashesCastsAndEscapingStopTheFlow() {
    assertThat(php("exec('convert ' . escapeshellarg($_GET['f']));").flows()).isEmpty();
    assertThat(php("if (isset($_GET['x'])) { eval('return 1;'); }").flows()).isEmpty();
    assertThat(php("$n = (int) $_GET['n']; system('sleep ' . $n);").flows()).isEmpty();
    assertThat(php("$h = md5($_POST['p']); eval('$x = \"' . $h . '\";');").flows()).isEmpty();
  }

  @Test
  void aRequestKeyIntoATableLooksUpAValueItDoesNotChooseIt() {
    assertThat(php("$t = array('a' => 'f'); call_user_func($t[$_GET['k']]);").flows()).isEmpty();
    assertThat(php("call_user_func($_GET['k']);").flows())
        .extracting(PhpFacts.Flow::sink)
        .containsExactly(SinkClass.CALLBACK);
  }

  @Test
  void reassigningAVariableWithConstantDataClearsIt() {
    assertThat(php("$c = $_GET['c']; $c = 'uptime'; system($c);").flows()).isEmpty();
  }

  @Test
  void aFunctionThatPassesItsParameterToASinkBecomesASink() {
    PhpFacts facts =
        php(
            "function x($a) { return ex2($a); } function ex2($b) { shell_exec($b); } x($_GET['q']);");
    assertThat(facts.flows()).extracting(PhpFacts.Flow::sinkName).contains("x");
  }

  @Test
  void methodCallsNamedLikeSinksAreNotSinks() {
    assertThat(php("$pdo->exec($_POST['sql']); $this->system($_GET['a']);").flows()).isEmpty();
  }

  @Test
  void commentsAndCaseDoNotHideAChain() {
    PhpFacts facts = php("@EVAL/*a*/(#b\n GzInflate (/**/ BASE64_DECODE ('S03OyFcwtAYA')));");
    assertThat(facts.chains())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sink()).isEqualTo("eval");
              assertThat(c.decoders()).containsExactly("gzinflate", "base64_decode");
            });
  }

  @Test
  void constantFunctionNamesAreFolded() {
    assertThat(php("$f = str_rot13('flfgrz'); $f($_GET['c']);").flows())
        .extracting(PhpFacts.Flow::sink)
        .containsExactly(SinkClass.COMMAND);
    assertThat(php("$f = strrev('tressa'); $f($_GET['c']);").flows())
        .extracting(PhpFacts.Flow::sink)
        .containsExactly(SinkClass.EVAL);
  }

  @Test
  void textOutsidePhpTagsIsNotCode() {
    PhpFacts facts =
        PhpFlow.analyze("<p>eval($_POST['x'])</p><?php echo 1; ?><b>system($_GET[1])</b>", false);
    assertThat(facts.flows()).isEmpty();
  }
}
