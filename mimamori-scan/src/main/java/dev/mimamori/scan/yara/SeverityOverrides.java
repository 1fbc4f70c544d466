package dev.mimamori.scan.yara;

import dev.mimamori.model.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Severities mimamori sets for published rules that carry none and whose default would mislead (see
 * {@code severity-overrides.txt}): by rule file (a path suffix) or by rule name.
 */
final class SeverityOverrides {
  private static final SeverityOverrides BUILTIN = load();

  private final Map<String, Severity> files;
  private final Map<String, Severity> rules;

  private SeverityOverrides(Map<String, Severity> files, Map<String, Severity> rules) {
    this.files = files;
    this.rules = rules;
  }

  static SeverityOverrides builtin() {
    return BUILTIN;
  }

  @Nullable Severity of(String rule, @Nullable Path ruleFile) {
    Severity s = rules.get(rule);
    if (s != null || ruleFile == null) {
      return s;
    }
    String path = ruleFile.toString().replace('\\', '/');
    for (Map.Entry<String, Severity> e : files.entrySet()) {
      if (path.endsWith("/" + e.getKey()) || path.equals(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  static SeverityOverrides parse(InputStream in) throws IOException {
    Map<String, Severity> files = new LinkedHashMap<>();
    Map<String, Severity> rules = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int n = 0;
    for (String line; (line = r.readLine()) != null; ) {
      n++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int sp = t.lastIndexOf(' ');
      if (sp < 0) {
        throw new IOException("severity-overrides.txt:" + n + ": expected TARGET SEVERITY");
      }
      String target = t.substring(0, sp).strip();
      Severity s = Severity.parse(t.substring(sp + 1));
      if (target.startsWith("rule:")) {
        rules.put(target.substring(5), s);
      } else {
        files.put(target, s);
      }
    }
    return new SeverityOverrides(files, rules);
  }

  private static SeverityOverrides load() {
    try (InputStream in = SeverityOverrides.class.getResourceAsStream("severity-overrides.txt")) {
      if (in == null) {
        return new SeverityOverrides(Map.of(), Map.of());
      }
      return parse(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
