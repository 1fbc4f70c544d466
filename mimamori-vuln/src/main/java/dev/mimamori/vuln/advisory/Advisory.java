package dev.mimamori.vuln.advisory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One record of one source about one flaw (or, for JVN, a few flaws fixed together). {@code ids}
 * holds the record's own id first and then every alias it names (CVE, JVN#, JVNDB, GHSA); {@code
 * notes} say what was corrected or could not be read.
 */
public record Advisory(
    Source source,
    String id,
    List<String> ids,
    String title,
    String description,
    Severity severity,
    @Nullable String cvss,
    List<Affected> affected,
    List<String> urls,
    @Nullable String published,
    List<String> notes) {
  public Advisory {
    ids = List.copyOf(ids);
    affected = List.copyOf(affected);
    urls = List.copyOf(urls);
    notes = List.copyOf(notes);
  }

  /** A copy with other affected ranges and one more note. */
  public Advisory withAffected(List<Affected> a, String note) {
    List<String> n = new ArrayList<>(notes);
    n.add(note);
    return new Advisory(source, id, ids, title, description, severity, cvss, a, urls, published, n);
  }

  /** Ids in the order Japanese users look for them: JVN#, CVE, GHSA, JVNDB, the rest. */
  public static List<String> ordered(Set<String> ids) {
    List<String> out = new ArrayList<>(new LinkedHashSet<>(ids));
    out.sort(Comparator.comparingInt(Advisory::rank).thenComparing(Comparator.naturalOrder()));
    return out;
  }

  private static int rank(String id) {
    if (id.startsWith("JVN#") || id.startsWith("JVNVU#") || id.startsWith("JVNTA#")) {
      return 0;
    }
    if (id.startsWith("CVE-")) {
      return 1;
    }
    if (id.startsWith("GHSA-")) {
      return 2;
    }
    if (id.startsWith("JVNDB-")) {
      return 3;
    }
    return 4;
  }
}
