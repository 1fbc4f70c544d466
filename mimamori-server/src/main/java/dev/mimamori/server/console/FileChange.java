package dev.mimamori.server.console;

import dev.mimamori.fim.FimAlerts;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A file change as the console shows it, read back from the alert file integrity made of it (rule
 * {@code mm-fim-<change>}; see {@link FimAlerts}).
 *
 * @param id the alert's id
 * @param change {@code added}, {@code modified}, {@code deleted}, ...
 * @param classification {@code webshell}, {@code skimmer} or {@code integrity}
 * @param path the file's absolute path
 * @param summary the change and the reasons for its severity
 * @param sha256Before the content's hash before, when known
 * @param sha256After the content's hash now, when there is content
 * @param lines the changed lines of a text file, removed first
 */
public record FileChange(
    String id,
    String tenant,
    String asset,
    Instant at,
    Severity severity,
    String change,
    String classification,
    String path,
    String summary,
    @Nullable String incidentId,
    @Nullable String sha256Before,
    @Nullable String sha256After,
    List<Line> lines) {
  public static final String RULE_PREFIX = "mm-fim-";

  /** One changed line: {@code added} or {@code removed}. */
  public record Line(boolean added, String text) {}

  public static boolean isFileChange(Alert a) {
    return a.ruleId().startsWith(RULE_PREFIX);
  }

  public static FileChange of(Alert a) {
    String path = "";
    String summary = a.title();
    String before = null;
    List<Line> lines = new ArrayList<>();
    for (EvidenceRef e : a.evidence()) {
      switch (e.logFilePath()) {
        case FimAlerts.BEFORE_HASH -> before = e.original();
        case FimAlerts.DIFF -> {
          for (String l : e.original().split("\n", -1)) {
            if (!l.isEmpty()) {
              lines.add(new Line(l.charAt(0) == '+', l.substring(1)));
            }
          }
        }
        default -> {
          if (path.isEmpty()) {
            path = e.logFilePath();
            summary = e.original();
          }
        }
      }
    }
    String after = null;
    for (Observable o : a.observables()) {
      if (o.type() == Observable.Type.HASH) {
        after = o.value();
      } else if (o.type() == Observable.Type.FILE_PATH && path.isEmpty()) {
        path = o.value();
      }
    }
    return new FileChange(
        a.id(),
        a.tenant(),
        a.asset(),
        a.timestamp(),
        a.severity(),
        a.ruleId().substring(RULE_PREFIX.length()),
        a.ruleClass(),
        path,
        summary,
        a.incidentId(),
        before,
        after,
        lines);
  }
}
