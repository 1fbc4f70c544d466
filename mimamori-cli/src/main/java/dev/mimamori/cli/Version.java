package dev.mimamori.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product version, from the build. */
final class Version {
  private Version() {}

  static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/mimamori-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
