package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Takes one page down: {@code location = /path { return 503; }} in an nginx include file (included
 * in the shop's {@code server} block), for a compromised or abused page while the rest of the shop
 * stays up. The target is a URL or a path; only its path is used, and only if it is made of safe
 * URL path characters (letters, digits, {@code / . _ - ~}), without {@code ..} or {@code //}, so
 * nothing an attacker sends can become nginx configuration. Undo removes the block.
 */
public final class NginxPageDownAction implements ResponseAction {
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,254}");

  /**
   * Settings.
   *
   * @param includeFile the include file to maintain
   * @param reloadCommand run after each change, e.g. {@code ["nginx","-s","reload"]}; null: none
   */
  public record Config(Path includeFile, @Nullable List<String> reloadCommand) {
    public Config {
      Objects.requireNonNull(includeFile, "includeFile");
      if (reloadCommand != null) {
        reloadCommand = Commands.checked(reloadCommand, "reloadCommand");
      }
    }
  }

  private final NginxInclude include;

  public NginxPageDownAction(Config config) {
    this.include = new NginxInclude(config.includeFile(), config.reloadCommand());
  }

  @Override
  public String type() {
    return "nginx-page-down";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    String path = path(request.target());
    String line = line(path);
    if (request.dryRun()) {
      return ActionResult.dryRun(
          include.contains(line)
              ? path + " is already down in " + include.file()
              : "would add '" + line + "' to " + include.file() + reloadNote());
    }
    if (!include.add(line, request.incidentId())) {
      return new ActionResult(false, path + " was already down (503) in " + include.file());
    }
    return new ActionResult(
        true,
        "took "
            + path
            + " down (503) in "
            + include.file()
            + (include.reloads() ? "; nginx reloaded" : "; reload nginx to apply"));
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    String path = path(request.target());
    String line = line(path);
    if (request.dryRun()) {
      return ActionResult.dryRun(
          include.contains(line)
              ? "would remove '" + line + "' from " + include.file() + reloadNote()
              : path + " is not down in " + include.file());
    }
    if (!include.remove(line)) {
      return new ActionResult(false, path + " was not down in " + include.file());
    }
    return new ActionResult(
        true,
        "put "
            + path
            + " back up in "
            + include.file()
            + (include.reloads() ? "; nginx reloaded" : "; reload nginx to apply"));
  }

  private String reloadNote() {
    return include.reloads() ? " and reload nginx" : "";
  }

  static String line(String path) {
    return "location = " + path + " { return 503; }";
  }

  /** The URL's path, if it is safe to write into nginx configuration. */
  static String path(Observable target) throws ActionException {
    if (target.type() != Observable.Type.URL) {
      throw new ActionException(
          "nginx-page-down acts on URLs, not " + target.type().label(), false);
    }
    String v = target.value().trim();
    String path;
    if (v.startsWith("/")) {
      int q = indexOfAny(v, "?#");
      path = q < 0 ? v : v.substring(0, q);
    } else {
      try {
        URI uri = new URI(v);
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
          throw new ActionException("not an http(s) URL or a path: '" + v + "'", false);
        }
        path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      } catch (URISyntaxException e) {
        throw new ActionException("not a URL: '" + v + "'", false, e);
      }
    }
    if (!SAFE_PATH.matcher(path).matches()
        || path.contains("//")
        || path.contains("/../")
        || path.contains("/./")
        || path.endsWith("/..")
        || path.endsWith("/.")) {
      throw new ActionException(
          "path '"
              + Commands.oneLine(path)
              + "' has characters other than letters, digits and / . _ - ~ (or a . or .."
              + " segment); take it down by hand",
          false);
    }
    return path;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
