package dev.mimamori.fim;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What mimamori knows of a web application's layout: where uploads land (web-served, so PHP there
 * is a web shell), what to ignore (caches, logs, sessions), where plugins and admin code live, and
 * where its version is written (so an upgrade is recognised as one change).
 *
 * @param name a short id ({@code eccube4}, {@code wordpress}, ...)
 * @param displayName for people
 * @param marker a file whose presence identifies the application
 * @param versionFile the file that holds the version, or ""
 * @param versionPattern an RE2 pattern whose first group is the version
 * @param uploadDirs web-served folders where users and admins put files
 * @param templateDirs folders of templates and front-end scripts
 * @param pluginDirs folders where each sub-folder is a plugin
 * @param adminDirs folders only administrators reach
 * @param ignores default ignore globs
 */
public record AppProfile(
    String name,
    String displayName,
    String marker,
    String versionFile,
    String versionPattern,
    List<String> uploadDirs,
    List<String> templateDirs,
    List<String> pluginDirs,
    List<String> adminDirs,
    List<String> ignores) {

  public static final AppProfile ECCUBE4 =
      new AppProfile(
          "eccube4",
          "EC-CUBE 4",
          "src/Eccube/Common/Constant.php",
          "src/Eccube/Common/Constant.php",
          "const\\s+VERSION\\s*=\\s*'([^']+)'",
          List.of("html/user_data/", "html/upload/"),
          List.of("app/template/", "src/Eccube/Resource/template/", "html/user_data/assets/"),
          List.of("app/Plugin/"),
          List.of("src/Eccube/Controller/Admin/", "app/Customize/Controller/Admin/"),
          List.of("/var/", "/html/upload/temp_image/*.tmp"));

  public static final AppProfile ECCUBE2 =
      new AppProfile(
          "eccube2",
          "EC-CUBE 2",
          "data/class/SC_Initial.php",
          "data/class/SC_Initial.php",
          "ECCUBE_VERSION['\"]?\\s*,\\s*['\"]([^'\"]+)",
          List.of("html/user_data/", "html/upload/"),
          List.of("data/Smarty/templates/", "html/user_data/packages/"),
          List.of("data/downloads/plugin/", "html/plugin/"),
          List.of("html/admin/"),
          List.of("/data/cache/", "/data/logs/", "/data/Smarty/templates_c/"));

  public static final AppProfile WORDPRESS =
      new AppProfile(
          "wordpress",
          "WordPress",
          "wp-includes/version.php",
          "wp-includes/version.php",
          "\\$wp_version\\s*=\\s*'([^']+)'",
          List.of("wp-content/uploads/"),
          List.of("wp-content/themes/"),
          List.of("wp-content/plugins/", "wp-content/themes/"),
          List.of("wp-admin/"),
          List.of("/wp-content/cache/", "/wp-content/upgrade/", "/wp-content/debug.log"));

  public static final AppProfile MAGENTO2 =
      new AppProfile(
          "magento2",
          "Magento 2",
          "app/etc/di.xml",
          "composer.json",
          "\"version\"\\s*:\\s*\"([^\"]+)\"",
          List.of("pub/media/"),
          List.of("app/design/", "pub/static/"),
          List.of("app/code/"),
          List.of("app/code/Magento/Backend/"),
          List.of("/var/", "/generated/", "/pub/static/_cache/"));

  public static final AppProfile OPENCART =
      new AppProfile(
          "opencart",
          "OpenCart",
          "system/startup.php",
          "index.php",
          "define\\('VERSION',\\s*'([^']+)'\\)",
          List.of("image/", "system/storage/upload/"),
          List.of("catalog/view/"),
          List.of("extension/"),
          List.of("admin/"),
          List.of("/system/storage/cache/", "/system/storage/logs/", "/system/storage/session/"));

  /** Any other tree: folders with the usual upload names count as uploads. */
  public static final AppProfile GENERIC =
      new AppProfile(
          "generic", "web root", "", "", "", List.of(), List.of(), List.of(), List.of(), List.of());

  public static final List<AppProfile> KNOWN =
      List.of(ECCUBE4, ECCUBE2, WORDPRESS, MAGENTO2, OPENCART);

  private static final List<String> GENERIC_UPLOAD_NAMES =
      List.of("upload", "uploads", "user_data", "media", "files", "images", "img");

  /** The application under {@code root}, or {@link #GENERIC}. */
  public static AppProfile detect(Path root) {
    for (AppProfile p : KNOWN) {
      if (Files.isRegularFile(root.resolve(p.marker), LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
    }
    return GENERIC;
  }

  public static @Nullable AppProfile byName(String name) {
    for (AppProfile p : KNOWN) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    return "generic".equals(name) ? GENERIC : null;
  }

  /** The version written in the tree, or "" when there is none to read. */
  public String readVersion(Path root) {
    if (versionFile.isEmpty()) {
      return "";
    }
    Path file = root.resolve(versionFile);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      String text = new String(in.readNBytes(256 * 1024), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile(versionPattern).matcher(text);
      return m.find() ? m.group(1) : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  public boolean inUploadDir(String rel) {
    if (startsWithAny(rel, uploadDirs)) {
      return true;
    }
    if (this == GENERIC || uploadDirs.isEmpty()) {
      for (String part : rel.split("/")) {
        if (GENERIC_UPLOAD_NAMES.contains(part.toLowerCase(java.util.Locale.ROOT))) {
          return true;
        }
      }
    }
    return false;
  }

  public boolean inTemplateDir(String rel) {
    return startsWithAny(rel, templateDirs);
  }

  public boolean inAdminDir(String rel) {
    return startsWithAny(rel, adminDirs);
  }

  /** The plugin folder itself ({@code app/Plugin/Evil}) when {@code rel} is exactly one. */
  public boolean isPluginFolder(String rel) {
    for (String dir : pluginDirs) {
      if (rel.startsWith(dir)
          && rel.length() > dir.length()
          && rel.indexOf('/', dir.length()) < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithAny(String rel, List<String> prefixes) {
    for (String p : prefixes) {
      if (rel.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
