package dev.mimamori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The shaded benchmarks jar as a newer JDK than the build's reads it. */
class BenchmarksJarIT {
  private static final Path JAR = Path.of("target", "benchmarks.jar");

  @Test
  void isAMultiReleaseJar() throws Exception {
    try (JarFile jar = open()) {
      assertThat(jar.isMultiRelease()).isTrue();
    }
  }

  @Test
  void showsDnsjavasResolverProviderToAJdkOfVersion18OrLater() throws Exception {
    // Named in META-INF/services, present only under META-INF/versions/18: without the manifest's
    // Multi-Release entry, a JDK 18+ found the service but not its class and every fork failed.
    try (JarFile jar = open()) {
      assertThat(jar.getJarEntry("org/xbill/DNS/spi/DnsjavaInetAddressResolverProvider.class"))
          .isNotNull();
    }
  }

  private static JarFile open() throws Exception {
    File f = JAR.toFile();
    assertThat(f).as("mvn package builds it").exists();
    return new JarFile(f, true, ZipFile.OPEN_READ, Runtime.Version.parse("25"));
  }
}
