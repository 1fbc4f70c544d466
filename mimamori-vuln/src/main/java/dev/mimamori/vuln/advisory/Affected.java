package dev.mimamori.vuln.advisory;

import dev.mimamori.vuln.version.Constraint;
import dev.mimamori.vuln.version.Version;
import java.util.List;

/**
 * The versions of one package a record says are affected. {@code rangeText} is what the source
 * wrote; {@code fixed} the versions it names as fixes; {@code only} the ids this range is about
 * when a record covers several flaws (JVN lists ranges per CVE), empty for all of them.
 */
public record Affected(
    PackageRef pkg, Constraint range, String rangeText, List<Version> fixed, List<String> only) {
  public Affected {
    fixed = List.copyOf(fixed);
    only = List.copyOf(only);
  }
}
