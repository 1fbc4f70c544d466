package dev.mimamori.vuln.advisory;

import java.util.Locale;

/**
 * A package in an ecosystem: {@code packagist ec-cube/ec-cube}, {@code npm jquery}, {@code
 * wordpress wordpress}, {@code wordpress-plugin contact-form-7}. Names compare without case, as
 * Composer and npm treat them.
 */
public record PackageRef(String ecosystem, String name) {
  public static final PackageRef ECCUBE = new PackageRef("packagist", "ec-cube/ec-cube");

  public PackageRef {
    ecosystem = ecosystem.toLowerCase(Locale.ROOT);
    name = name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return ecosystem + ":" + name;
  }
}
