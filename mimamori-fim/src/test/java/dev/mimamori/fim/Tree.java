package dev.mimamori.fim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A web root and a data directory in a test's temporary folder, with short helpers. */
final class Tree {
  final Path root;
  final Path data;
  final List<WalkProblem> problems = new ArrayList<>();

  Tree(Path temp) throws IOException {
    this.root = Files.createDirectories(temp.resolve("www"));
    this.data = Files.createDirectories(temp.resolve("data"));
  }

  /** An EC-CUBE 4 tree at {@code version}. */
  static Tree eccube(Path temp, String version) throws IOException {
    Tree t = new Tree(temp);
    t.write(
        "src/Eccube/Common/Constant.php",
        "<?php\nclass Constant {\n    const VERSION = '" + version + "';\n}\n");
    t.write("index.php", "<?php\nrequire __DIR__.'/autoload.php';\n");
    t.write("html/user_data/assets/js/customize.js", "// customize\n");
    t.write(
        "app/template/default/Shopping/index.twig",
        "<form>{{ form_widget(form.card_no) }}</form>\n");
    t.write("var/cache/prod/a.php", "<?php return [];\n");
    return t;
  }

  Path write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  Path path(String rel) {
    return root.resolve(rel);
  }

  /** Moves a file's mtime away from "now", so a rewrite within the same tick still differs. */
  void age(String rel) throws IOException {
    Files.setLastModifiedTime(path(rel), FileTime.fromMillis(1_600_000_000_000L));
  }

  IntegrityChecker checker(FimOptions options) {
    return new IntegrityChecker(new FimStore(data), options, problems::add, Clock.systemUTC());
  }

  IntegrityChecker checker() {
    return checker(FimOptions.defaults().withThreads(2));
  }

  CheckStats baseline() throws IOException {
    return checker().baseline(root);
  }

  List<Change> check() throws IOException {
    return check(FimOptions.defaults().withThreads(2));
  }

  List<Change> check(FimOptions options) throws IOException {
    List<Change> changes = new ArrayList<>();
    checker(options).check(root, changes::add);
    return changes;
  }

  static Change only(List<Change> changes) {
    if (changes.size() != 1) {
      throw new AssertionError("expected one change, got " + changes);
    }
    return changes.get(0);
  }
}
