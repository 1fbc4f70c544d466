package dev.mimamori.fim;

import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a file change into an alert for the incident pipeline. The alert's id is derived from the
 * root, the path, the change and the new content's hash, so a change seen again after a restart is
 * recognised by the store rather than alerted twice.
 */
public final class FimAlerts {
  /** The evidence that holds the content's SHA-256 before the change. */
  public static final String BEFORE_HASH = "fim:sha256-before";

  /** The evidence that holds the changed lines, one per line, each {@code -} or {@code +} first. */
  public static final String DIFF = "fim:diff";

  private FimAlerts() {}

  public static Alert toAlert(Change c, String tenant, String asset, Instant at) {
    String absolute = c.change() == ChangeKind.UPGRADE ? c.root() : c.root() + "/" + c.path();
    String hash = c.after() != null && c.after().sha256Hex() != null ? c.after().sha256Hex() : "";
    String id =
        "fim-"
            + digest(
                c.root()
                    + "\n"
                    + c.path()
                    + "\n"
                    + c.change().label()
                    + "\n"
                    + hash
                    + "\n"
                    + mtime(c));
    Set<Observable> observables = new LinkedHashSet<>();
    observables.add(new Observable(Observable.Type.FILE_PATH, absolute));
    if (!hash.isEmpty()) {
      observables.add(new Observable(Observable.Type.HASH, hash));
    }
    if (c.diff() != null) {
      for (String host : c.diff().hostsAdded()) {
        observables.add(new Observable(Observable.Type.DOMAIN, host));
      }
    }
    String title =
        c.change().label()
            + " "
            + c.path()
            + ": "
            + (c.reasons().isEmpty() ? "" : c.reasons().get(0));
    String evidence = c.change().label() + " " + absolute + " — " + String.join("; ", c.reasons());
    List<EvidenceRef> refs = new ArrayList<>();
    refs.add(new EvidenceRef(at, absolute, 0, 0, evidence));
    if (c.before() != null && c.before().sha256Hex() != null) {
      refs.add(new EvidenceRef(at, BEFORE_HASH, 0, 0, c.before().sha256Hex()));
    }
    if (c.diff() != null && !c.diff().lines().isEmpty()) {
      refs.add(new EvidenceRef(at, DIFF, 0, 0, String.join("\n", c.diff().lines())));
    }
    return new Alert(
        id,
        "mm-fim-" + c.change().label(),
        title.length() > 300 ? title.substring(0, 300) : title,
        ruleClass(c),
        c.severity(),
        tenant,
        asset,
        at,
        null,
        refs,
        observables,
        null);
  }

  /** {@code webshell}, {@code skimmer}, or {@code integrity} for any other change. */
  static String ruleClass(Change c) {
    for (Finding f : c.findings()) {
      if (f.tags().contains("skimmer")) {
        return "skimmer";
      }
      if (f.tags().contains("webshell") || f.tags().contains("backdoor")) {
        return "webshell";
      }
    }
    for (String r : c.reasons()) {
      if (r.contains("web shell")) {
        return "webshell";
      }
      if (r.contains("card fields") || r.contains("new host")) {
        return "skimmer";
      }
    }
    return "integrity";
  }

  /** True when a change is worth an alert at this threshold. */
  public static boolean alerts(Change c, Severity threshold) {
    return c.severity().compareTo(threshold) >= 0;
  }

  /**
   * When the change happened, as the file system dates it: the new ctime, or for a deletion the
   * last ctime known, so the same change made again later is a new alert, not a duplicate.
   */
  private static long mtime(Change c) {
    FileRecord r = c.after() != null ? c.after() : c.before();
    return r == null ? 0 : r.ctimeNanos() * 31 + r.mtimeNanos();
  }

  private static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)),
              0,
              16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
