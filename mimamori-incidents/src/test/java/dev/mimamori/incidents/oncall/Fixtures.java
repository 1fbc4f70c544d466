package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** Small builders for on-call tests. */
final class Fixtures {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private Fixtures() {}

  static Person person(String id) {
    return new Person(id, id, Locale.ENGLISH, List.of(new Contact("email", id + "@example.jp")));
  }

  static List<Person> people(String... ids) {
    return List.of(ids).stream().map(Fixtures::person).toList();
  }

  /** Wall-clock time in Tokyo, such as {@code 2026-03-03T09:00}. */
  static Instant tokyo(String local) {
    return LocalDateTime.parse(local).atZone(TOKYO).toInstant();
  }

  /** Wall-clock time in New York. */
  static Instant newYork(String local) {
    return LocalDateTime.parse(local).atZone(NEW_YORK).toInstant();
  }

  static Layer layer(String name, RotationLength rotation, String start, String... participants) {
    return new Layer(name, List.of(participants), LocalDateTime.parse(start), rotation, List.of());
  }

  static Layer restricted(
      String name,
      RotationLength rotation,
      String start,
      TimeWindow window,
      String... participants) {
    return new Layer(
        name, List.of(participants), LocalDateTime.parse(start), rotation, List.of(window));
  }
}
