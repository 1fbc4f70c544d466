package dev.mimamori.vuln.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.PackageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryScannerTest {
  @TempDir Path root;

  private void write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private Inventory scan() throws IOException {
    return InventoryScanner.scan(root);
  }

  @Test
  void eccube4VersionComesFromConstantPhp() throws IOException {
    write(
        "src/Eccube/Common/Constant.php",
        "<?php\nclass Constant {\n    const VERSION = '4.0.6-p2';\n}\n");

    assertThat(scan().components())
        .containsExactly(
            new Component(PackageRef.ECCUBE, "4.0.6-p2", "src/Eccube/Common/Constant.php"));
  }

  @Test
  void eccube2VersionComesFromScInitial() throws IOException {
    write("data/class/SC_Initial.php", "<?php\n  define('ECCUBE_VERSION', '2.13.5');\n");

    assertThat(scan().components()).extracting(Component::version).containsExactly("2.13.5");
  }

  @Test
  void pluginsAreReadFromComposerJsonAndConfigYml() throws IOException {
    write(
        "app/Plugin/Coupon42/composer.json",
        "{\"name\":\"ec-cube/coupon42\",\"version\":\"4.2.1\",\"type\":\"eccube-plugin\",\"extra\":{\"code\":\"Coupon42\"}}");
    write("app/Plugin/Old3/config.yml", "name: Old\ncode: Old3\nversion: 1.0.2\n");

    assertThat(scan().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactly("packagist:ec-cube/coupon42 4.2.1", "eccube-plugin:old3 1.0.2");
  }

  @Test
  void composerLockPackagesAndDevPackages() throws IOException {
    write(
        "composer.lock",
        "{\"packages\":[{\"name\":\"twig/twig\",\"version\":\"v3.4.3\"}],\"packages-dev\":[{\"name\":\"phpunit/phpunit\",\"version\":\"9.5.0\"}]}");

    assertThat(scan().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactly("packagist:twig/twig 3.4.3", "packagist:phpunit/phpunit 9.5.0");
  }

  @Test
  void packageLockV3AndNestedModules() throws IOException {
    write(
        "package-lock.json",
        "{\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"shop\"},\"node_modules/jquery\":{\"version\":\"3.4.1\"},\"node_modules/a/node_modules/@scope/b\":{\"version\":\"1.0.0\"}}}");

    assertThat(scan().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactly("npm:jquery 3.4.1", "npm:@scope/b 1.0.0");
  }

  @Test
  void yarnLockClassicAndBerryEntries() throws IOException {
    write(
        "yarn.lock",
        "# yarn lockfile v1\n\n\"jquery@^3.4.0\", jquery@^3.4.1:\n  version \"3.4.1\"\n  resolved \"https://x\"\n\n\"@popperjs/core@npm:^2.9.0\":\n  version: 2.11.6\n");

    assertThat(scan().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactly("npm:jquery 3.4.1", "npm:@popperjs/core 2.11.6");
  }

  @Test
  void wordpressCoreAndPluginHeaders() throws IOException {
    write("wp-includes/version.php", "<?php\n$wp_version = '6.4.2';\n");
    write(
        "wp-content/plugins/contact-form-7/wp-contact-form-7.php",
        "<?php\n/*\n * Plugin Name: Contact Form 7\n * Version: 5.8.4\n */\n");

    assertThat(scan().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactly("wordpress:wordpress 6.4.2", "wordpress-plugin:contact-form-7 5.8.4");
  }

  @Test
  void bundledScriptsAreRecognisedByTheirHeader() throws IOException {
    write(
        "html/template/default/assets/js/vendor/jquery.min.js",
        "/*! jQuery v3.4.1 | (c) JS Foundation and other contributors | jquery.org/license */\n!function(e,t){}");
    write(
        "html/template/default/assets/js/vendor/jquery-ui.min.js",
        "/*! jQuery UI - v1.12.1 - 2016-09-14\n* http://jqueryui.com */");
    write(
        "html/template/default/assets/js/vendor/bootstrap.min.js",
        "/*!\n  * Bootstrap v4.6.0 (https://getbootstrap.com/)\n  */");

    assertThat(scan().components())
        .extracting(c -> c.pkg() + " " + c.version())
        .containsExactlyInAnyOrder(
            "npm:jquery 3.4.1", "npm:jquery-ui 1.12.1", "npm:bootstrap 4.6.0");
  }

  @Test
  void aBrokenManifestIsANoteAndTheRestIsRead() throws IOException {
    write("app/Plugin/Bad/composer.json", "{\"name\": ");
    write("src/Eccube/Common/Constant.php", "const VERSION = '4.2.0';");

    Inventory inv = scan();

    assertThat(inv.components()).extracting(Component::version).containsExactly("4.2.0");
    assertThat(inv.notes())
        .singleElement()
        .satisfies(n -> assertThat(n).contains("app/Plugin/Bad/composer.json"));
  }

  @Test
  void aManifestVersionIsDataNeverACommand() throws IOException {
    Path marker = root.resolve("ran");
    write(
        "app/Plugin/Evil/composer.json",
        "{\"name\":\"evil/x\",\"version\":\"$(touch "
            + marker
            + ")\",\"scripts\":{\"post-install-cmd\":\"touch "
            + marker
            + "\"}}");

    Inventory inv = scan();

    assertThat(marker).doesNotExist();
    assertThat(inv.components())
        .extracting(Component::version)
        .containsExactly("$(touch " + marker + ")");
  }

  @Test
  void symbolicLinksAreNotFollowed() throws IOException {
    Path outside = Files.createTempDirectory("outside");
    Files.writeString(
        outside.resolve("composer.lock"),
        "{\"packages\":[{\"name\":\"a/b\",\"version\":\"1.0.0\"}]}");
    Files.createSymbolicLink(root.resolve("composer.lock"), outside.resolve("composer.lock"));

    assertThat(scan().components()).isEmpty();
  }
}
