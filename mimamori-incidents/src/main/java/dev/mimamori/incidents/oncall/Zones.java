package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Local times to instants, the one way everything in this package does it. */
final class Zones {
  private Zones() {}

  /**
   * The instant of a wall-clock time: in a daylight-saving gap the time moves forward by the gap
   * (02:30 on the spring-forward night is 03:30), in an overlap the earlier instant is taken.
   */
  static Instant resolve(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }
}
