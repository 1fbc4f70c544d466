package dev.mimamori.fim;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a change to a text file added, in the terms a responder asks about: how many lines came and
 * went, whether scripts or outside hosts were added, and the code traits of a skimmer among the
 * added lines. Lines are compared as a multiset, so the cost is linear and a moved line is not
 * counted as added.
 *
 * @param linesAdded lines in the new text that the old one did not have
 * @param linesRemoved lines of the old text that are gone
 * @param scriptsAdded {@code <script} tags or script elements created in added lines
 * @param hostsAdded hosts of absolute URLs in added lines that the old text did not name
 * @param scriptHostsAdded hosts that added lines load a script from
 * @param traits skimmer and obfuscation traits seen in added lines ({@code eval}, {@code atob},
 *     {@code packed}, {@code card-fields}, {@code password-fields}, {@code exfiltration})
 * @param lines the removed lines ({@code "-"} and the line) then the added ones ({@code "+"}), at
 *     most {@value #MAX_LINES}, each cut at {@value #MAX_LINE_CHARS} characters, with the values of
 *     lines that look like secrets ({@code password = ...}) masked: what the console shows
 */
public record DiffSummary(
    int linesAdded,
    int linesRemoved,
    int scriptsAdded,
    List<String> hostsAdded,
    List<String> scriptHostsAdded,
    List<String> traits,
    List<String> lines) {

  private static final int MAX_LISTED = 20;
  static final int MAX_LINES = 200;
  static final int MAX_LINE_CHARS = 300;

  /**
   * An assignment of a password, secret, token, key or salt ({@code password = ...}, {@code
   * 'db_password' => ...}, {@code APP_KEY=...}): its value is not kept. Over-masking (a {@code
   * monkey = } line) is the safe side.
   */
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)((?:pass(?:word|wd)?|secret|token|key|salt|credential|dsn|database_url)s?[\\w\\]\\[\"']*\\s*(?:=>|=|:)\\s*).+");

  /** PHP's {@code define('DB_PASSWORD', '...')} and {@code define('AUTH_KEY', ...)}. */
  private static final Pattern DEFINED_SECRET =
      Pattern.compile(
          "(?i)(define\\s*\\(\\s*['\"][^'\"]{0,100}(?:pass|key|salt|secret|token)[^'\"]{0,100}['\"]\\s*,\\s*).+");

  /** The password in a URL's user part ({@code mysql://user:pass@host/db}). */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(://[^/\\s:@]{0,200}:)[^@\\s/]{1,200}@");

  /** A private key in PEM: none of its lines is kept. */
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----");

  static final String PRIVATE_KEY_LINE = "(a private key: its lines are not kept)";

  public DiffSummary {
    hostsAdded = List.copyOf(hostsAdded);
    scriptHostsAdded = List.copyOf(scriptHostsAdded);
    traits = List.copyOf(traits);
    lines = List.copyOf(lines);
  }

  private static final Pattern URL =
      Pattern.compile("(?i)(?:https?:)?//([a-z0-9][a-z0-9.-]*\\.[a-z]{2,63})(?::\\d+)?");
  private static final Pattern SCRIPT_SRC =
      Pattern.compile(
          "(?i)(?:<script[^>]*\\bsrc\\s*=\\s*[\"']?|\\.src\\s*=\\s*[\"'`]|import\\s*\\(\\s*[\"'`]|getScript\\s*\\(\\s*[\"'`])(?:https?:)?//([a-z0-9][a-z0-9.-]*\\.[a-z]{2,63})");
  private static final Pattern CARD_FIELD =
      Pattern.compile(
          "(?i)(cc[_-]?(?:number|num|cvv|cvc|exp)|card[_-]?(?:number|no|num|holder|cvc|cvv)|cardnumber|\\bcvv2?\\b|\\bcvc\\b|security[_-]?code|expir(?:y|ation)[_-]?(?:date|month|year)|credit[_-]?card)");
  private static final Pattern PASSWORD_FIELD =
      Pattern.compile(
          "(?i)(?:\\[name=[\"']?(?:login_)?pass|password[\"'\\]]|#password|login_pass)");
  private static final Pattern READS_FIELDS =
      Pattern.compile(
          "(?i)(\\.value\\b|querySelector|getElementById|getElementsByName|new\\s+FormData|serialize\\(|\\$\\()");
  private static final Pattern EXFIL =
      Pattern.compile(
          "(?i)(new\\s+Image\\s*\\(|XMLHttpRequest|fetch\\s*\\(|sendBeacon|new\\s+WebSocket|\\.ajax\\s*\\(|\\$\\.post\\s*\\()");

  public static DiffSummary of(byte[] oldText, byte[] newText) {
    Map<String, Integer> old = new HashMap<>();
    String oldString = new String(oldText, StandardCharsets.UTF_8);
    String[] oldLines = oldString.split("\n", -1);
    for (String line : oldLines) {
      old.merge(line.strip(), 1, Integer::sum);
    }
    Set<String> oldHosts = hosts(oldString, URL);
    List<String> added = new ArrayList<>();
    int total = 0;
    for (String line : new String(newText, StandardCharsets.UTF_8).split("\n", -1)) {
      String key = line.strip();
      total++;
      Integer n = old.get(key);
      if (n != null && n > 0) {
        old.put(key, n - 1);
      } else if (!key.isEmpty()) {
        added.add(key);
      }
    }
    int removed = 0;
    for (Map.Entry<String, Integer> e : old.entrySet()) {
      if (!e.getKey().isEmpty()) {
        removed += e.getValue();
      }
    }
    List<String> lines = new ArrayList<>();
    Map<String, Integer> gone = new HashMap<>(old);
    for (String line : oldLines) {
      Integer n = gone.get(line.strip());
      if (n != null && n > 0 && !line.isBlank() && lines.size() < MAX_LINES) {
        gone.put(line.strip(), n - 1);
        lines.add("-" + shown(line));
      }
    }
    for (String line : added) {
      if (lines.size() >= MAX_LINES) {
        break;
      }
      lines.add("+" + shown(line));
    }
    if (java.util.Arrays.stream(oldLines).anyMatch(l -> PRIVATE_KEY.matcher(l).find())
        || added.stream().anyMatch(l -> PRIVATE_KEY.matcher(l).find())) {
      lines = List.of(PRIVATE_KEY_LINE);
    }
    String addedText = String.join("\n", added);
    String lower = addedText.toLowerCase(Locale.ROOT);
    int scripts =
        count(lower, "<script")
            + count(lower, "createelement(\"script\")")
            + count(lower, "createelement('script')");
    Set<String> hosts = hosts(addedText, URL);
    hosts.removeAll(oldHosts);
    Set<String> scriptHosts = hosts(addedText, SCRIPT_SRC);
    scriptHosts.removeAll(oldHosts);
    return new DiffSummary(
        added.size(),
        removed,
        scripts,
        limit(hosts),
        limit(scriptHosts),
        traits(addedText, lower),
        lines);
  }

  /** A line as the console may show it: cut, and a secret's value masked. */
  static String shown(String line) {
    String s = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
    s = URL_PASSWORD.matcher(s).replaceAll("$1********@");
    Matcher d = DEFINED_SECRET.matcher(s);
    if (d.find()) {
      return s.substring(0, d.start()) + d.group(1) + "********";
    }
    Matcher m = SECRET.matcher(s);
    return m.find() ? s.substring(0, m.start()) + m.group(1) + "********" : s;
  }

  private static List<String> traits(String added, String lower) {
    List<String> t = new ArrayList<>();
    if (lower.contains("eval(function(p,a,c,k,e,")) {
      t.add("packed");
    }
    if (lower.contains("eval(") || lower.contains("new function(")) {
      t.add("eval");
    }
    if (lower.contains("atob(") || lower.contains("unescape(") || lower.contains("fromcharcode(")) {
      t.add("decoding");
    }
    boolean reads = READS_FIELDS.matcher(added).find();
    if (reads && CARD_FIELD.matcher(added).find()) {
      t.add("card-fields");
    }
    if (reads && PASSWORD_FIELD.matcher(added).find()) {
      t.add("password-fields");
    }
    if (EXFIL.matcher(added).find()) {
      t.add("exfiltration");
    }
    if (lower.contains("<?php") || lower.contains("<?=")) {
      t.add("php");
    }
    return t;
  }

  private static Set<String> hosts(String text, Pattern p) {
    Set<String> hosts = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      hosts.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return hosts;
  }

  private static List<String> limit(Set<String> s) {
    return s.stream().limit(MAX_LISTED).toList();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  /** True when the text looks like text (no NUL in its first 8 KiB): only text is diffed. */
  public static boolean isText(byte[] content) {
    return isText(content, content.length);
  }

  /** How far {@link #isText} looks for a NUL. */
  static final int TEXT_PROBE = 8192;

  /** As above, over {@code content[0, length)}. */
  public static boolean isText(byte[] content, int length) {
    int n = Math.min(length, TEXT_PROBE);
    for (int i = 0; i < n; i++) {
      if (content[i] == 0) {
        return false;
      }
    }
    return true;
  }
}
