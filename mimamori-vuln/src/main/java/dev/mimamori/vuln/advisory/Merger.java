package dev.mimamori.vuln.advisory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Joins records that share an id (CVE ↔ JVN ↔ GHSA ↔ JVNDB) into groups, with the few links no
 * record states ({@code aliases.tsv}). Records of the same source and id are kept once, the last
 * read winning, so importing a feed twice changes nothing.
 */
public final class Merger {
  private static final List<List<String>> KNOWN = known();

  private Merger() {}

  public static List<AdvisoryGroup> merge(List<Advisory> records) {
    Map<String, Advisory> unique = new LinkedHashMap<>();
    for (Advisory a : records) {
      unique.put(a.source() + " " + a.id(), a);
    }
    Map<String, String> parent = new HashMap<>();
    for (List<String> link : KNOWN) {
      for (String id : link) {
        union(parent, link.get(0), id);
      }
    }
    for (Advisory a : unique.values()) {
      for (String id : a.ids()) {
        union(parent, a.id(), id);
      }
    }
    Map<String, List<Advisory>> byRoot = new LinkedHashMap<>();
    Map<String, Set<String>> ids = new HashMap<>();
    for (Advisory a : unique.values()) {
      String root = find(parent, a.id());
      byRoot.computeIfAbsent(root, k -> new ArrayList<>()).add(a);
      ids.computeIfAbsent(root, k -> new LinkedHashSet<>()).addAll(a.ids());
    }
    List<AdvisoryGroup> out = new ArrayList<>();
    byRoot.forEach(
        (root, list) -> out.add(new AdvisoryGroup(Advisory.ordered(ids.get(root)), list)));
    return out;
  }

  private static String find(Map<String, String> parent, String id) {
    String cur = id;
    while (parent.containsKey(cur) && !parent.get(cur).equals(cur)) {
      cur = parent.get(cur);
    }
    return cur;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    parent.putIfAbsent(ra, ra);
    if (!ra.equals(rb)) {
      parent.put(rb, ra);
    }
  }

  private static List<List<String>> known() {
    List<List<String>> out = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(Merger.class.getResourceAsStream("aliases.tsv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(List.of(line.split("\t")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
