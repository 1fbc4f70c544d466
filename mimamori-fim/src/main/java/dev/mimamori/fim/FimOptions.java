package dev.mimamori.fim;

import dev.mimamori.scan.ContentScanner;
import dev.mimamori.scan.allow.AllowList;
import java.util.ArrayList;
import java.util.List;

/**
 * How a baseline or a check runs, validated once.
 *
 * @param threads hashing and scanning threads
 * @param full hash every file, even those whose size, mtime and inode are unchanged
 * @param update write what the check saw as the new baseline
 * @param defaultIgnores apply the application's default ignore list (caches, logs, sessions)
 * @param ignores more ignore globs
 * @param scanners what looks at new and changed content
 * @param allowList content known clean (files of public releases): not scanned
 */
public record FimOptions(
    int threads,
    boolean full,
    boolean update,
    boolean defaultIgnores,
    List<String> ignores,
    List<ContentScanner> scanners,
    AllowList allowList) {
  public FimOptions {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be 1 to 256, not " + threads);
    }
    ignores = List.copyOf(ignores);
    scanners = List.copyOf(scanners);
  }

  public static FimOptions defaults() {
    return new FimOptions(
        Runtime.getRuntime().availableProcessors(),
        false,
        false,
        true,
        List.of(),
        List.of(),
        AllowList.builtin());
  }

  public FimOptions withThreads(int n) {
    return new FimOptions(n, full, update, defaultIgnores, ignores, scanners, allowList);
  }

  public FimOptions withFull(boolean f) {
    return new FimOptions(threads, f, update, defaultIgnores, ignores, scanners, allowList);
  }

  public FimOptions withUpdate(boolean u) {
    return new FimOptions(threads, full, u, defaultIgnores, ignores, scanners, allowList);
  }

  public FimOptions withScanners(List<ContentScanner> s) {
    return new FimOptions(threads, full, update, defaultIgnores, ignores, s, allowList);
  }

  public FimOptions withIgnores(boolean defaults, List<String> globs) {
    return new FimOptions(threads, full, update, defaults, globs, scanners, allowList);
  }

  public FimOptions withAllowList(AllowList a) {
    return new FimOptions(threads, full, update, defaultIgnores, ignores, scanners, a);
  }

  IgnoreRules ignoreRules(AppProfile app) {
    List<String> all = new ArrayList<>();
    if (defaultIgnores) {
      all.addAll(app.ignores());
    }
    all.addAll(ignores);
    return new IgnoreRules(all);
  }
}
