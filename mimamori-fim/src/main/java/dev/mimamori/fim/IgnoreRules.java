package dev.mimamori.fim;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths a check leaves alone (caches, logs, sessions), as globs over paths relative to the root,
 * with .gitignore's rules: a trailing '/' means a folder (and everything in it); a leading or inner
 * '/' anchors the pattern at the root ({@code /var/} is the root's {@code var} only), otherwise it
 * matches at any depth ({@code *.log}); {@code *} stays inside one name, {@code **} crosses
 * folders.
 */
public final class IgnoreRules {
  private final List<Pattern> files = new ArrayList<>();
  private final List<Pattern> dirs = new ArrayList<>();

  public IgnoreRules(List<String> globs) {
    for (String raw : globs) {
      String glob = raw.trim();
      if (glob.isEmpty() || glob.startsWith("#")) {
        continue;
      }
      boolean dirOnly = glob.endsWith("/");
      String g = dirOnly ? glob.substring(0, glob.length() - 1) : glob;
      // As in .gitignore: a pattern with a '/' at its start or inside is anchored at the root;
      // one without ('var/', '*.log') matches at any depth.
      boolean anchored = g.startsWith("/") || g.indexOf('/') > 0;
      if (g.startsWith("/")) {
        g = g.substring(1);
      }
      String regex = (anchored ? "" : "(?:.*/)?") + toRegex(g);
      Pattern p = Pattern.compile(regex);
      dirs.add(p);
      if (!dirOnly) {
        files.add(p);
      }
    }
  }

  public boolean ignoresDirectory(String rel) {
    for (Pattern p : dirs) {
      if (p.matches(rel)) {
        return true;
      }
    }
    return false;
  }

  public boolean ignoresFile(String rel) {
    for (Pattern p : files) {
      if (p.matches(rel)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the entry (a folder when {@code directory}) or one of its parent folders is ignored.
   */
  public boolean ignoresPath(String rel, boolean directory) {
    if (directory ? ignoresDirectory(rel) : ignoresFile(rel)) {
      return true;
    }
    for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
      if (ignoresDirectory(rel.substring(0, i))) {
        return true;
      }
    }
    return false;
  }

  static String toRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          b.append(".*");
          i++;
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
            i++;
            b.setLength(b.length() - 2);
            b.append("(?:.*/)?");
          }
        } else {
          b.append("[^/]*");
        }
      } else if (c == '?') {
        b.append("[^/]");
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }
}
