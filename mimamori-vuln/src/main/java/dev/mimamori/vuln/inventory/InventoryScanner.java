package dev.mimamori.vuln.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mimamori.vuln.advisory.PackageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Lists what a web root runs from what is written in it: EC-CUBE 4/3 ({@code
 * src/Eccube/Common/Constant.php}) and 2 ({@code data/class/SC_Initial.php}), EC-CUBE plugins,
 * {@code composer.lock}, {@code package-lock.json}, {@code yarn.lock}, WordPress core and plugins,
 * and JavaScript libraries by their header. PHP is read as text with a pattern, never run; JSON and
 * YAML are read as data with size and depth limits; symbolic links are not followed.
 */
public final class InventoryScanner {
  private static final Pattern ECCUBE_VERSION =
      Pattern.compile("const\\s+VERSION\\s*=\\s*['\"]([^'\"\\n]{1,64})['\"]");
  private static final Pattern ECCUBE2_VERSION =
      Pattern.compile("define\\(\\s*['\"]ECCUBE_VERSION['\"]\\s*,\\s*['\"]([^'\"\\n]{1,64})['\"]");
  private static final Pattern WP_VERSION =
      Pattern.compile("\\$wp_version\\s*=\\s*['\"]([^'\"\\n]{1,64})['\"]");
  private static final Pattern WP_PLUGIN_NAME =
      Pattern.compile("^[\\s*#@/]*Plugin Name:\\s*(.{1,200})$", Pattern.MULTILINE);
  private static final Pattern WP_PLUGIN_VERSION =
      Pattern.compile("^[\\s*#@/]*Version:\\s*([^\\s]{1,64})\\s*$", Pattern.MULTILINE);
  private static final int MAX_DEPTH = 12;
  private static final int MAX_JS_FILES = 20_000;
  private static final int HEADER_BYTES = 2048;
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(200).build())
                  .build())
          .build();
  private static final ObjectMapper YAML = new YAMLMapper(yamlFactory());

  private static YAMLFactory yamlFactory() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(20);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(50);
    o.setCodePointLimit(1 << 20);
    return YAMLFactory.builder().loaderOptions(o).build();
  }

  private final Path root;
  private final List<Component> found = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private InventoryScanner(Path root) {
    this.root = root;
  }

  public static Inventory scan(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a folder: " + root);
    }
    InventoryScanner s = new InventoryScanner(root);
    s.eccube();
    s.plugins();
    s.composerLock();
    s.npm();
    s.wordpress();
    s.scripts();
    Set<Component> unique = new LinkedHashSet<>(s.found);
    return new Inventory(List.copyOf(unique), s.notes);
  }

  private void add(PackageRef pkg, String version, Path where) {
    found.add(new Component(pkg, version.strip(), root.relativize(where).toString()));
  }

  private void note(Path where, String message) {
    notes.add(root.relativize(where) + ": " + message);
  }

  private Optional<String> text(Path f) {
    try {
      return BoundedFiles.read(f, BoundedFiles.MAX_MANIFEST_BYTES);
    } catch (IOException e) {
      note(f, "unreadable: " + e.getMessage());
      return Optional.empty();
    }
  }

  private void eccube() {
    for (String rel :
        new String[] {"src/Eccube/Common/Constant.php", "data/class/SC_Initial.php"}) {
      Path f = root.resolve(rel);
      Pattern p = rel.startsWith("src") ? ECCUBE_VERSION : ECCUBE2_VERSION;
      text(f)
          .ifPresent(
              t -> {
                Matcher m = p.matcher(t);
                if (m.find()) {
                  add(PackageRef.ECCUBE, m.group(1), f);
                } else {
                  note(f, "no EC-CUBE version in it");
                }
              });
    }
  }

  private void plugins() {
    Path dir = root.resolve("app/Plugin");
    for (Path p : children(dir)) {
      Path composer = p.resolve("composer.json");
      Path config = p.resolve("config.yml");
      Optional<String> json = text(composer);
      if (json.isPresent()) {
        try {
          JsonNode n = JSON.readTree(json.get());
          String name = n.path("name").asText("");
          String code = n.path("extra").path("code").asText(p.getFileName().toString());
          String version = n.path("version").asText("");
          PackageRef ref =
              name.contains("/")
                  ? new PackageRef("packagist", name)
                  : new PackageRef("eccube-plugin", code);
          if (version.isEmpty()) {
            note(composer, "plugin without a version");
          } else {
            add(ref, version, composer);
          }
        } catch (IOException | RuntimeException e) {
          note(composer, "not a JSON manifest: " + oneLine(e.getMessage()));
        }
        continue;
      }
      text(config)
          .ifPresent(
              y -> {
                try {
                  JsonNode n = YAML.readTree(y);
                  String code = n.path("code").asText(p.getFileName().toString());
                  String version = n.path("version").asText("");
                  if (!version.isEmpty()) {
                    add(new PackageRef("eccube-plugin", code), version, config);
                  }
                } catch (IOException | RuntimeException e) {
                  note(config, "not a YAML manifest: " + oneLine(e.getMessage()));
                }
              });
    }
  }

  private void composerLock() {
    Path f = root.resolve("composer.lock");
    text(f)
        .ifPresent(
            t -> {
              try {
                JsonNode n = JSON.readTree(t);
                for (String k : new String[] {"packages", "packages-dev"}) {
                  for (JsonNode p : n.path(k)) {
                    String name = p.path("name").asText("");
                    String version = p.path("version").asText("");
                    if (!name.isEmpty() && !version.isEmpty()) {
                      add(new PackageRef("packagist", name), stripV(version), f);
                    }
                  }
                }
              } catch (IOException | RuntimeException e) {
                note(f, "not a composer.lock: " + oneLine(e.getMessage()));
              }
            });
  }

  private void npm() {
    Path lock = root.resolve("package-lock.json");
    text(lock)
        .ifPresent(
            t -> {
              try {
                JsonNode n = JSON.readTree(t);
                Iterator<Map.Entry<String, JsonNode>> it = n.path("packages").fields();
                while (it.hasNext()) {
                  Map.Entry<String, JsonNode> e = it.next();
                  int at = e.getKey().lastIndexOf("node_modules/");
                  String version = e.getValue().path("version").asText("");
                  if (at >= 0 && !version.isEmpty()) {
                    String name = e.getKey().substring(at + "node_modules/".length());
                    add(new PackageRef("npm", name), version, lock);
                  }
                }
                npmV1(n.path("dependencies"), lock, 0);
              } catch (IOException | RuntimeException e) {
                note(lock, "not a package-lock.json: " + oneLine(e.getMessage()));
              }
            });
    Path yarn = root.resolve("yarn.lock");
    text(yarn)
        .ifPresent(
            t ->
                YarnLock.read(t)
                    .forEach(e -> add(new PackageRef("npm", e.name()), e.version(), yarn)));
  }

  private void npmV1(JsonNode deps, Path lock, int depth) {
    if (depth > 50) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = deps.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String version = e.getValue().path("version").asText("");
      if (!version.isEmpty()) {
        add(new PackageRef("npm", e.getKey()), version, lock);
      }
      npmV1(e.getValue().path("dependencies"), lock, depth + 1);
    }
  }

  private void wordpress() {
    Path v = root.resolve("wp-includes/version.php");
    text(v)
        .ifPresent(
            t -> {
              Matcher m = WP_VERSION.matcher(t);
              if (m.find()) {
                add(new PackageRef("wordpress", "wordpress"), m.group(1), v);
              }
            });
    for (Path plugin : children(root.resolve("wp-content/plugins"))) {
      for (Path php : children(plugin)) {
        if (!php.getFileName().toString().endsWith(".php")) {
          continue;
        }
        try {
          String head = BoundedFiles.head(php, 8192);
          Matcher name = WP_PLUGIN_NAME.matcher(head);
          Matcher version = WP_PLUGIN_VERSION.matcher(head);
          if (name.find() && version.find()) {
            add(
                new PackageRef("wordpress-plugin", plugin.getFileName().toString()),
                version.group(1),
                php);
            break;
          }
        } catch (IOException e) {
          note(php, "unreadable: " + e.getMessage());
        }
      }
    }
  }

  /** Bundled libraries outside package managers, by the version in their header comment. */
  private void scripts() {
    try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
      s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".js"))
          .filter(p -> !p.toString().contains("node_modules"))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .limit(MAX_JS_FILES)
          .forEach(
              p -> {
                try {
                  ScriptHeaders.identify(BoundedFiles.head(p, HEADER_BYTES))
                      .ifPresent(lib -> add(new PackageRef("npm", lib.name()), lib.version(), p));
                } catch (IOException e) {
                  note(p, "unreadable: " + e.getMessage());
                }
              });
    } catch (IOException | java.io.UncheckedIOException e) {
      notes.add("walking " + root + ": " + oneLine(e.getMessage()));
    }
  }

  private List<Path> children(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().limit(10_000).toList();
    } catch (IOException e) {
      note(dir, "unreadable: " + e.getMessage());
      return List.of();
    }
  }

  private static String stripV(String v) {
    return v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String first = s.lines().findFirst().orElse("");
    return first.length() > 200 ? first.substring(0, 200) + "…" : first;
  }
}
