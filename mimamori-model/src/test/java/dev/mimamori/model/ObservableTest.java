package dev.mimamori.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ObservableTest {

  @Test
  void ordersByTypeBeforeValue() {
    Observable ipZ = Observable.ip("9.9.9.9");
    Observable urlA = Observable.url("/a");

    assertThat(ipZ).isLessThan(urlA);
  }

  @Test
  void ordersByValueWithinAType() {
    assertThat(Observable.ip("192.0.2.1")).isLessThan(Observable.ip("198.51.100.1"));
  }

  @Test
  void sortsASetInTypeThenValueOrder() {
    TreeSet<Observable> set =
        new TreeSet<>(
            List.of(
                new Observable(Observable.Type.USER_AGENT, "curl"),
                Observable.url("/b"),
                Observable.ip("203.0.113.2"),
                Observable.url("/a"),
                Observable.ip("192.0.2.1")));

    assertThat(set)
        .containsExactly(
            Observable.ip("192.0.2.1"),
            Observable.ip("203.0.113.2"),
            Observable.url("/a"),
            Observable.url("/b"),
            new Observable(Observable.Type.USER_AGENT, "curl"));
  }

  @Test
  void equalObservablesCompareAsZero() {
    assertThat(Observable.ip("192.0.2.1").compareTo(Observable.ip("192.0.2.1"))).isZero();
  }

  @Test
  void typeLabelParsesBack() {
    for (Observable.Type t : Observable.Type.values()) {
      assertThat(Observable.Type.parse(t.label())).isEqualTo(t);
    }
  }

  @Test
  void filePathTypeUsesEcsStyleLabel() {
    assertThat(Observable.Type.FILE_PATH.label()).isEqualTo("file.path");
  }

  @Test
  void refusesUnknownTypeLabel() {
    assertThatThrownBy(() -> Observable.Type.parse("FILE_PATH"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FILE_PATH");
  }

  @Test
  void refusesNullValue() {
    assertThatThrownBy(() -> new Observable(Observable.Type.IP, null))
        .isInstanceOf(NullPointerException.class);
  }
}
