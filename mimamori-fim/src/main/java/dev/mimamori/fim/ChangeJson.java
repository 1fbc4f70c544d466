package dev.mimamori.fim;

import dev.mimamori.scan.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shape of a change, as {@code fim check --json} prints it and alerts carry it: {@code
 * path}, {@code change}, {@code severity}, {@code reasons}, {@code findings}, {@code diff}, and the
 * before/after facts. Built as plain maps so this module needs no JSON library.
 */
public final class ChangeJson {
  private ChangeJson() {}

  public static Map<String, Object> toMap(Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", c.path());
    m.put("change", c.change().label());
    m.put("severity", c.severity().label());
    m.put("reasons", c.reasons());
    List<Map<String, Object>> findings = new ArrayList<>();
    for (Finding f : c.findings()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("engine", f.engine());
      fm.put("rule", f.rule());
      fm.put("severity", f.severity().label());
      fm.put("reason", f.reason());
      fm.put("tags", f.tags());
      findings.add(fm);
    }
    m.put("findings", findings);
    DiffSummary d = c.diff();
    if (d != null) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("lines_added", d.linesAdded());
      dm.put("lines_removed", d.linesRemoved());
      dm.put("scripts_added", d.scriptsAdded());
      dm.put("urls_added", d.hostsAdded());
      dm.put("script_hosts_added", d.scriptHostsAdded());
      dm.put("traits", d.traits());
      m.put("diff", dm);
    }
    m.put("root", c.root());
    putRecord(m, "before", c.before());
    putRecord(m, "after", c.after());
    if (c.change() == ChangeKind.UPGRADE) {
      m.put("files", c.files());
      m.put("sample", c.sample());
    }
    return m;
  }

  private static void putRecord(Map<String, Object> m, String key, @Nullable FileRecord r) {
    if (r == null) {
      return;
    }
    Map<String, Object> rm = new LinkedHashMap<>();
    rm.put("type", r.kind().label());
    rm.put("size", r.size());
    rm.put("mode", String.format("%04o", r.mode()));
    rm.put("uid", r.uid());
    rm.put("gid", r.gid());
    rm.put("mtime", Instant.ofEpochSecond(0, r.mtimeNanos()).toString());
    rm.put("inode", r.inode());
    String hash = r.sha256Hex();
    if (hash != null) {
      rm.put("sha256", hash);
    }
    if (r.linkTarget() != null) {
      rm.put("link", r.linkTarget());
    }
    m.put(key, rm);
  }
}
