package dev.mimamori.vuln.advisory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** The test advisories of {@code testdata/}: small, invented records, one per format. */
public final class Fixtures {
  private Fixtures() {}

  public static byte[] bytes(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            Fixtures.class.getResourceAsStream("/testdata/" + name), "no fixture " + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ReadResult read(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return new AdvisoryReader().read(file, name, bytes(name));
  }

  public static final String[] ADVISORIES = {
    "advisories/osv-GHSA-test.json",
    "advisories/gitlab-CVE-2099-1001.yml",
    "advisories/cve5-CVE-2099-1002.json",
    "advisories/nvd-page.json",
    "advisories/jvn-vuldef.xml",
    "advisories/jvn-JVNDB-2099-000003.json"
  };
}
