package dev.mimamori.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Distinct, realistic Sigma web rules made up for benchmarks, in the shapes of the published CVE
 * and web-shell rules: literal paths and parameters of made-up products, tool user agents, file
 * extensions, a few regular expressions and keyword rules, with method and status filters.
 * Deterministic: the same count gives the same rules.
 */
final class SyntheticSigmaRules {
  private static final String[] VENDORS = {
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "vandelay",
    "stark",
    "wayne",
    "wonka",
    "tyrell",
    "cyberdyne",
    "soylent",
    "oscorp",
    "aperture",
    "blackmesa",
    "massive",
    "monarch",
    "gringotts"
  };
  private static final String[] COMPONENTS = {
    "api", "admin", "portal", "console", "cgi-bin", "servlet", "rest", "ajax", "upload", "backup",
    "install", "setup", "debug", "export", "import", "sync", "report", "plugin"
  };
  private static final String[] ACTIONS = {
    "exec",
    "run",
    "cmd",
    "shell",
    "eval",
    "ping",
    "download",
    "read",
    "include",
    "config",
    "login",
    "reset",
    "update",
    "render",
    "preview",
    "query",
    "batch",
    "proxy"
  };
  private static final String[] EXTENSIONS = {"php", "jsp", "aspx", "cgi", "do", "action", "ashx"};
  private static final String[] PARAMS = {
    "cmd", "file", "path", "template", "url", "host", "target", "query", "callback", "lang"
  };
  private static final String[] TOOLS = {
    "scanner", "exploit", "poc", "pwn", "probe", "sploit", "hunter", "crawler"
  };

  private SyntheticSigmaRules() {}

  /** {@code count} rules, each a YAML document. */
  static List<String> generate(int count) {
    Random rnd = new Random(42);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String vendor = VENDORS[rnd.nextInt(VENDORS.length)] + (i / VENDORS.length);
      String path =
          "/"
              + vendor
              + "/"
              + COMPONENTS[rnd.nextInt(COMPONENTS.length)]
              + "/"
              + ACTIONS[rnd.nextInt(ACTIONS.length)]
              + "."
              + EXTENSIONS[rnd.nextInt(EXTENSIONS.length)];
      String param = PARAMS[rnd.nextInt(PARAMS.length)] + "_" + Integer.toHexString(1000 + i);
      String detection =
          switch (i % 6) {
            case 0 ->
                """
                    selection:
                        cs-method: POST
                        cs-uri-stem|contains: '%s'
                    filter:
                        sc-status: 404
                    condition: selection and not filter
                """
                    .formatted(path);
            case 1 ->
                """
                    selection:
                        cs-uri-stem|endswith: '%s'
                        cs-uri-query|contains|all:
                            - '%s='
                            - '../'
                    condition: selection
                """
                    .formatted(path, param);
            case 2 ->
                """
                    selection:
                        c-useragent|startswith: '%s-%s/'
                    condition: selection
                """
                    .formatted(vendor, TOOLS[rnd.nextInt(TOOLS.length)]);
            case 3 ->
                """
                    selection_path:
                        cs-uri-stem|contains: '%s'
                    selection_param:
                        cs-uri-query|contains:
                            - '%s=http'
                            - '%s=%%2F'
                    condition: all of selection_*
                """
                    .formatted(path, param, param);
            case 4 ->
                """
                    selection:
                        cs-uri-query|re: '%s=[0-9a-f]{8,}'
                        sc-status: 200
                    condition: selection
                """
                    .formatted(param);
            default ->
                """
                    keywords:
                        - '%s'
                        - '%s.bak'
                    condition: keywords
                """
                    .formatted(path, path);
          };
      out.add(
          """
          title: Synthetic %s %s exploitation attempt %d
          id: %s
          status: test
          level: high
          tags:
              - attack.initial-access
              - attack.t1190
              - cve.2025-%d
          logsource:
              category: webserver
          detection:
          %s
          """
              .formatted(
                  vendor,
                  path,
                  i,
                  UUID.nameUUIDFromBytes(
                      ("synthetic-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                  10000 + i,
                  detection));
    }
    return out;
  }
}
