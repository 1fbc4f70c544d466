package dev.mimamori.fim;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.ContentScanner;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Takes baselines and checks roots against them. The walk and the baseline are both in {@link
 * PathOrder}, so a check is one merge of two sorted streams; files whose size, mtime and inode are
 * unchanged are not read at all (unless {@code full}); the rest are hashed, diffed and scanned on a
 * thread pool while the walk goes on, and results are reported in walk order. Memory stays flat: a
 * bounded window of files in flight, one directory listing per level.
 */
public final class IntegrityChecker {
  /** Steps handed to a thread at once. */
  static final int BATCH = 32;

  /** Batches in flight at once: enough to keep every thread busy, few enough to bound memory. */
  private static final int WINDOW = 8;

  /** How long one file may take to read, hash and scan before it is given up. */
  static final long FILE_TIMEOUT_SECONDS = 120;

  /** Files whose text is kept in the baseline for diffs. */
  private static final Set<String> KEPT_EXTENSIONS =
      Set.of(
          "php",
          "php3",
          "php4",
          "php5",
          "php7",
          "php8",
          "phtml",
          "phar",
          "inc",
          "js",
          "mjs",
          "twig",
          "tpl",
          "html",
          "htm",
          "css",
          "svg",
          "ini",
          "env",
          "htaccess");

  /** Changes an upgrade may absorb: anything not worse than this and not in an upload folder. */
  private static final Severity UPGRADE_ABSORBS = Severity.MEDIUM;

  private final FimStore store;
  private final FimOptions options;
  private final Consumer<WalkProblem> problems;
  private final Clock clock;

  public IntegrityChecker(
      FimStore store, FimOptions options, Consumer<WalkProblem> problems, Clock clock) {
    this.store = store;
    this.options = options;
    this.problems = problems;
    this.clock = clock;
  }

  /** Records every entry under {@code root} as the new baseline. */
  public CheckStats baseline(Path root) throws IOException {
    return run(FimStore.canonical(root), false, c -> {});
  }

  /** Reports every change under {@code root} since its baseline, in path order. */
  public CheckStats check(Path root, Consumer<Change> changes) throws IOException {
    Path r = FimStore.canonical(root);
    if (!store.hasBaseline(r)) {
      throw new NoSuchFileException(
          r.toString(), null, "no baseline for this root: run `mimamori fim baseline` first");
    }
    return run(r, true, changes);
  }

  /** One run per root at a time in this JVM (a file lock alone does not exclude threads). */
  private static final java.util.concurrent.ConcurrentHashMap<
          Path, java.util.concurrent.locks.ReentrantLock>
      RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Runs with the root's folder locked, against this JVM's other threads and other processes (a CLI
   * {@code fim baseline} beside the server's watcher), so two runs never interleave their baseline
   * and pack files.
   */
  private CheckStats run(Path root, boolean checking, Consumer<Change> out) throws IOException {
    Path folder = store.folder(root);
    Files.createDirectories(folder);
    java.util.concurrent.locks.ReentrantLock local =
        RUNNING.computeIfAbsent(folder, k -> new java.util.concurrent.locks.ReentrantLock());
    local.lock();
    try (java.nio.channels.FileChannel ch =
            java.nio.channels.FileChannel.open(
                folder.resolve("lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock held = ch.lock()) {
      return runLocked(root, checking, out);
    } finally {
      local.unlock();
    }
  }

  private CheckStats runLocked(Path root, boolean checking, Consumer<Change> out)
      throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(root.toString(), null, "not a directory");
    }
    long start = clock.millis();
    AtomicLong problemCount = new AtomicLong();
    Consumer<WalkProblem> countingProblems =
        p -> {
          problemCount.incrementAndGet();
          problems.accept(p);
        };
    Path folder = store.folder(root);
    Files.createDirectories(folder);
    BaselineReader old = checking ? new BaselineReader(store.baseline(root)) : null;
    AppProfile app = AppProfile.detect(root);
    if (old != null && !AppProfile.GENERIC.name().equals(old.header().application())) {
      AppProfile recorded = AppProfile.byName(old.header().application());
      if (recorded != null && app == AppProfile.GENERIC) {
        app = recorded;
      }
    }
    String version = app.readVersion(root);
    boolean upgrade =
        old != null
            && old.header().application().equals(app.name())
            && !old.header().version().isEmpty()
            && !version.isEmpty()
            && !old.header().version().equals(version);
    boolean writing = !checking || options.update();
    IgnoreRules ignore = options.ignoreRules(app);
    ChangeClassifier classifier = new ChangeClassifier(app);
    Path packFile = store.contentPack(root);
    Path packTemp = packFile.resolveSibling("content.pack.tmp");
    ContentPack pack = checking ? ContentPack.open(packFile) : ContentPack.create(packTemp);
    BaselineWriter writer =
        writing
            ? new BaselineWriter(
                store.baseline(root),
                new BaselineHeader(root.toString(), clock.millis(), app.name(), version))
            : null;
    Run run = new Run(root, pack, classifier, writing, checking);
    UpgradeGroup group = upgrade ? new UpgradeGroup(app, old.header().version(), version) : null;
    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), FimThreads.factory());
    ExecutorService statPool =
        Executors.newFixedThreadPool(options.threads(), FimThreads.factory());
    long entries = 0;
    long changes = 0;
    try {
      TreeWalker walker =
          new TreeWalker(root, ignore, countingProblems, statPool, options.threads());
      ArrayDeque<Batch> window = new ArrayDeque<>();
      List<Step> steps = new ArrayList<>(BATCH);
      Entry entry = walker.next();
      KeptRecords kept = new KeptRecords(old, ignore);
      FileRecord before = kept.next();
      while (entry != null || before != null) {
        int cmp =
            entry == null
                ? 1
                : before == null
                    ? -1
                    : PathOrder.INSTANCE.compare(entry.record().path(), before.path());
        if (cmp < 0) {
          steps.add(new Step(entry, null));
          entry = walker.next();
          entries++;
        } else if (cmp > 0) {
          steps.add(new Step(null, before));
          before = kept.next();
        } else {
          steps.add(new Step(entry, before));
          entry = walker.next();
          before = kept.next();
          entries++;
        }
        if (steps.size() >= BATCH) {
          window.add(submit(pool, run, steps));
          steps = new ArrayList<>(BATCH);
          while (window.size() >= WINDOW) {
            changes += deliver(window.poll(), pool, run, writer, group, out, countingProblems);
          }
        }
      }
      if (!steps.isEmpty()) {
        window.add(submit(pool, run, steps));
      }
      while (!window.isEmpty()) {
        changes += deliver(window.poll(), pool, run, writer, group, out, countingProblems);
      }
      if (group != null && group.files > 0) {
        out.accept(group.toChange(root.toString()));
        changes++;
      }
      pack.force();
      pack.close();
      if (!checking) {
        Files.move(
            packTemp,
            packFile,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      if (writer != null) {
        writer.commit();
      }
      if (checking && writer != null) {
        compactIfMostlyGarbage(root, packFile);
      }
    } finally {
      pool.shutdownNow();
      statPool.shutdownNow();
      pack.close();
      if (writer != null) {
        writer.close();
      }
      if (old != null) {
        old.close();
      }
      Files.deleteIfExists(packTemp);
    }
    return new CheckStats(
        entries,
        run.hashed.get(),
        run.bytes.get(),
        changes,
        problemCount.get(),
        clock.millis() - start);
  }

  /**
   * The pack may hold this many times the live copies' raw bytes (plus a floor) before compaction.
   */
  static final long PACK_SLACK = 2;

  static final long PACK_FLOOR = 16L * 1024 * 1024;

  /**
   * A watcher appends a new copy each time a kept file changes; old copies stay in the pack. When
   * the pack has grown past twice what the baseline still refers to (and past 16 MiB), the live
   * copies are written to a fresh pack and the baseline pointed at them.
   */
  private void compactIfMostlyGarbage(Path root, Path packFile) throws IOException {
    long live = 0;
    try (BaselineReader r = new BaselineReader(store.baseline(root))) {
      for (FileRecord f = r.next(); f != null; f = r.next()) {
        if (f.contentRef() >= 0) {
          live += f.size();
        }
      }
    }
    if (Files.size(packFile) <= Math.max(PACK_FLOOR, PACK_SLACK * live)) {
      return;
    }
    compact(root, packFile);
  }

  /** Rewrites the pack with only the copies the baseline refers to. */
  void compact(Path root, Path packFile) throws IOException {
    Path fresh = packFile.resolveSibling("content.pack.compact");
    try (BaselineReader r = new BaselineReader(store.baseline(root));
        ContentPack from = ContentPack.open(packFile);
        ContentPack to = ContentPack.create(fresh);
        BaselineWriter w = new BaselineWriter(store.baseline(root), r.header())) {
      for (FileRecord f = r.next(); f != null; f = r.next()) {
        long ref = -1;
        if (f.contentRef() >= 0) {
          try {
            ref = to.append(from.read(f.contentRef()));
          } catch (IOException unreadable) {
            ref = -1; // a damaged copy only costs that file's next diff
          }
        }
        w.write(f.withHash(f.sha256(), ref));
      }
      to.force();
      // The new pack first: a crash between the two moves leaves refs into the wrong pack, which
      // costs diff summaries (copies fail their length checks), never a change report.
      Files.move(
          fresh,
          packFile,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      w.commit();
    } finally {
      Files.deleteIfExists(fresh);
    }
  }

  /**
   * The baseline's records minus those the ignore rules now exclude. Records come in walk order, a
   * folder before its contents, so one rule test per record suffices: everything under an ignored
   * folder is skipped by its prefix.
   */
  private static final class KeptRecords {
    private final @Nullable BaselineReader old;
    private final IgnoreRules ignore;
    private @Nullable String ignoredFolder;

    KeptRecords(@Nullable BaselineReader old, IgnoreRules ignore) {
      this.old = old;
      this.ignore = ignore;
    }

    @Nullable FileRecord next() throws IOException {
      if (old == null) {
        return null;
      }
      for (FileRecord r = old.next(); r != null; r = old.next()) {
        String path = r.path();
        if (ignoredFolder != null
            && path.length() > ignoredFolder.length()
            && path.startsWith(ignoredFolder)
            && path.charAt(ignoredFolder.length()) == '/') {
          continue;
        }
        boolean directory = r.kind() == FileKind.DIRECTORY;
        if (directory ? ignore.ignoresDirectory(path) : ignore.ignoresFile(path)) {
          if (directory) {
            ignoredFolder = path;
          }
          continue;
        }
        return r;
      }
      return null;
    }
  }

  /**
   * Delivers a batch's outcomes in order. A file that makes no progress for {@link
   * #FILE_TIMEOUT_SECONDS} (a FIFO swapped in after the stat blocks open(2), a huge sparse file) is
   * given up, reported, and the rest of its batch evaluated afresh: its thread stays stuck, the
   * check does not.
   */
  private long deliver(
      Batch batch,
      ExecutorService pool,
      Run run,
      @Nullable BaselineWriter writer,
      @Nullable UpgradeGroup group,
      Consumer<Change> out,
      Consumer<WalkProblem> problems)
      throws IOException {
    int seen = batch.done.get();
    while (true) {
      try {
        batch.future.get(FILE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (java.util.concurrent.TimeoutException e) {
        int done = batch.done.get();
        if (done != seen || done >= batch.steps.size()) {
          seen = done; // slow, not stuck: the batch moved on since the last look (or just ended)
          continue;
        }
        batch.future.cancel(true);
        long changes = deliver(batch, 0, done, writer, group, out, problems);
        Entry stuck = batch.steps.get(done).now();
        problems.accept(
            new WalkProblem(
                stuck != null ? stuck.record().path() : "(a file)",
                "not read within "
                    + FILE_TIMEOUT_SECONDS
                    + " s (a FIFO swapped in, or a huge file): skipped"));
        List<Step> rest = batch.steps.subList(done + 1, batch.steps.size());
        if (!rest.isEmpty()) {
          Batch again = submit(pool, run, new ArrayList<>(rest));
          changes += deliver(again, pool, run, writer, group, out, problems);
        }
        return changes;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw new IOException(cause);
      }
    }
    return deliver(batch, 0, batch.steps.size(), writer, group, out, problems);
  }

  private long deliver(
      Batch batch,
      int from,
      int to,
      @Nullable BaselineWriter writer,
      @Nullable UpgradeGroup group,
      Consumer<Change> out,
      Consumer<WalkProblem> problems)
      throws IOException {
    long changes = 0;
    for (int i = from; i < to; i++) {
      changes += deliver(batch.outcomes[i], writer, group, out, problems);
    }
    return changes;
  }

  private long deliver(
      Outcome o,
      @Nullable BaselineWriter writer,
      @Nullable UpgradeGroup group,
      Consumer<Change> out,
      Consumer<WalkProblem> problems)
      throws IOException {
    if (o.problem != null) {
      problems.accept(o.problem);
    }
    if (writer != null && o.record != null) {
      writer.write(o.record);
    }
    Change c = o.change;
    if (c == null) {
      return 0;
    }
    if (group != null && group.absorbs(c)) {
      group.add(c.path());
      return 0;
    }
    out.accept(c);
    return 1;
  }

  /**
   * Hands a batch of steps to one thread; a batch that reads no file is evaluated here. Files go to
   * the threads {@value #BATCH} at a time: a hand-over (a queue, a wake-up, a future) per file cost
   * about as much CPU as hashing a small file.
   */
  private Batch submit(ExecutorService pool, Run run, List<Step> steps) {
    Batch batch = new Batch(steps);
    boolean reads = false;
    for (Step s : steps) {
      reads |= run.needsWork(s, options.full());
    }
    if (reads) {
      batch.future = pool.submit(() -> batch.run(run, options.full()));
    } else {
      batch.run(run, options.full());
    }
    return batch;
  }

  /** Steps evaluated in order on one thread, with how many are done (for the timeout). */
  private static final class Batch {
    final List<Step> steps;
    final Outcome[] outcomes;
    final java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    Future<?> future = CompletableFuture.completedFuture(null);

    Batch(List<Step> steps) {
      this.steps = steps;
      this.outcomes = new Outcome[steps.size()];
    }

    void run(Run run, boolean full) {
      for (int i = 0; i < outcomes.length; i++) {
        if (Thread.currentThread().isInterrupted()) {
          return; // given up on: another task evaluates the rest
        }
        Step s = steps.get(i);
        outcomes[i] = run.needsWork(s, full) ? run.evaluate(s) : run.cheap(s);
        done.set(i + 1);
      }
    }
  }

  /** One position of the merge: what the walk saw, what the baseline held (either may be null). */
  private record Step(@Nullable Entry now, @Nullable FileRecord before) {}

  /** What a step yields: the record for the new baseline, a change, or a problem. */
  private record Outcome(
      @Nullable FileRecord record, @Nullable Change change, @Nullable WalkProblem problem) {}

  /** The state one run's tasks share; everything in it is thread-safe. */
  private final class Run {
    final Path root;
    final ContentPack pack;
    final ChangeClassifier classifier;
    final boolean keepContent;
    final boolean checking;
    final AtomicLong hashed = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    Run(Path root, ContentPack pack, ChangeClassifier classifier, boolean keep, boolean checking) {
      this.root = root;
      this.pack = pack;
      this.classifier = classifier;
      this.keepContent = keep;
      this.checking = checking;
    }

    boolean needsWork(Step s, boolean full) {
      Entry now = s.now;
      if (now == null || now.record().kind() != FileKind.FILE) {
        return false;
      }
      FileRecord before = s.before;
      return full
          || before == null
          || before.kind() != FileKind.FILE
          || !now.record().looksUnchanged(before);
    }

    /** A step that reads no content: deleted, unchanged, directories, links, devices. */
    Outcome cheap(Step s) {
      FileRecord before = s.before;
      Entry now = s.now;
      if (now == null) {
        return new Outcome(
            null, change(before.path(), ChangeKind.DELETED, before, null, null, List.of()), null);
      }
      FileRecord after = now.record();
      if (after.kind() == FileKind.FILE && before != null) {
        after = after.withHash(before.sha256(), before.contentRef());
      }
      if (!checking) {
        return new Outcome(after, null, null);
      }
      if (before == null) {
        return new Outcome(
            after, change(after.path(), ChangeKind.ADDED, null, after, null, List.of()), null);
      }
      ChangeKind kind = metadataChange(before, after);
      if (before.kind() != after.kind()) {
        kind = ChangeKind.TYPE;
      } else if (after.kind() == FileKind.SYMLINK
          && !java.util.Objects.equals(before.linkTarget(), after.linkTarget())) {
        kind = ChangeKind.MODIFIED;
      }
      return new Outcome(
          after,
          kind == null ? null : change(after.path(), kind, before, after, null, List.of()),
          null);
    }

    /** A regular file to read: hash it, and for a change, diff and scan it. */
    Outcome evaluate(Step s) {
      Entry now = s.now;
      FileRecord before = s.before;
      FileRecord after = now.record();
      boolean keepable = keepable(after);
      // In an upload folder any file may carry PHP (a "GIF" with a web shell after its header),
      // so a check reads the content of every changed one there, whatever its extension.
      boolean read = keepable || checking && classifier.app().inUploadDir(after.path());
      Hashing.Result h;
      try {
        boolean upload = checking && classifier.app().inUploadDir(after.path());
        // A baseline only compresses the content, on this thread: it may stay in the thread's
        // buffer. A check keeps it for the diff and the scanners.
        h =
            Hashing.hash(
                now.absolute(), read ? ContentPack.MAX_KEPT : 0, after.size(), upload, !checking);
      } catch (NoSuchFileException e) {
        return new Outcome(
            null, null, new WalkProblem(after.path(), "vanished before it was read"));
      } catch (IOException | SecurityException e) {
        WalkProblem problem = new WalkProblem(after.path(), "not readable: " + e.getMessage());
        if (checking && before == null) {
          // A new file nobody may read (mode 000) is still a new file: report it, unhashed.
          FileRecord unread = after.withHash(null, -1);
          return new Outcome(
              unread,
              change(after.path(), ChangeKind.ADDED, null, unread, null, List.of()),
              problem);
        }
        return new Outcome(before, null, problem);
      }
      hashed.incrementAndGet();
      bytes.addAndGet(h.bytes());
      byte[] content = h.text() ? h.content() : null;
      boolean sameContent =
          before != null
              && before.kind() == FileKind.FILE
              && java.util.Arrays.equals(before.sha256(), h.sha256());
      long ref = -1;
      try {
        if (sameContent) {
          ref = before.contentRef();
        } else if (keepContent && keepable && content != null) {
          ref = pack.append(content, h.contentLength());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      FileRecord record = after.withHash(h.sha256(), ref);
      if (!checking) {
        return new Outcome(record, null, null);
      }
      ChangeKind kind;
      if (before == null) {
        kind = ChangeKind.ADDED;
      } else if (before.kind() != FileKind.FILE) {
        kind = ChangeKind.TYPE;
      } else if (!sameContent) {
        kind = ChangeKind.MODIFIED;
      } else {
        kind = metadataChange(before, record);
        if (kind == null) {
          return new Outcome(record, null, null);
        }
      }
      DiffSummary diff = null;
      List<Finding> findings = List.of();
      if (kind != ChangeKind.PERMISSIONS && kind != ChangeKind.OWNER) {
        if (content != null) {
          byte[] old = new byte[0];
          if (before != null && before.contentRef() >= 0) {
            try {
              old = pack.read(before.contentRef());
            } catch (IOException e) {
              old = new byte[0];
            }
          }
          diff = DiffSummary.of(old, content);
        }
        // A file byte-identical to one of a clean public release is not scanned: rules that
        // match release code are false alarms by definition.
        if (!options.allowList().contains(h.sha256())) {
          findings = scan(now.absolute(), record, h);
        }
      }
      boolean phpTag = h.phpTag() || h.content() != null && ChangeClassifier.hasPhpTag(h.content());
      ChangeClassifier.Verdict v =
          classifier.classify(record.path(), kind, before, record, diff, findings, phpTag);
      return new Outcome(
          record,
          new Change(
              root.toString(),
              record.path(),
              kind,
              v.severity(),
              v.reasons(),
              findings,
              diff,
              before,
              record,
              1,
              List.of()),
          null);
    }

    private List<Finding> scan(Path file, FileRecord record, Hashing.Result h) {
      if (options.scanners().isEmpty()) {
        return List.of();
      }
      List<Finding> all = new ArrayList<>();
      byte[] whole = h.content();
      // The bytes just hashed when the whole file was read; a larger file is read by the scanners.
      ScanInput input =
          whole != null && whole.length == h.bytes()
              ? ScanInput.read(file, record.path(), whole)
              : new ScanInput(file, record.path(), record.size(), ScanInput.DEFAULT_MAX_BYTES);
      for (ContentScanner scanner : options.scanners()) {
        try {
          all.addAll(scanner.scan(input));
        } catch (IOException | RuntimeException e) {
          problems.accept(
              new WalkProblem(record.path(), scanner.engine() + " scan failed: " + e.getMessage()));
        }
      }
      return all;
    }

    private Change change(
        String path,
        ChangeKind kind,
        @Nullable FileRecord before,
        @Nullable FileRecord after,
        @Nullable DiffSummary diff,
        List<Finding> findings) {
      ChangeClassifier.Verdict v = classifier.classify(path, kind, before, after, diff, findings);
      return new Change(
          root.toString(),
          path,
          kind,
          v.severity(),
          v.reasons(),
          findings,
          diff,
          before,
          after,
          1,
          List.of());
    }
  }

  private static @Nullable ChangeKind metadataChange(FileRecord before, FileRecord after) {
    if (before.mode() != after.mode()) {
      return ChangeKind.PERMISSIONS;
    }
    if (before.uid() != after.uid() || before.gid() != after.gid()) {
      return ChangeKind.OWNER;
    }
    return null;
  }

  private static boolean keepable(FileRecord r) {
    if (r.size() > ContentPack.MAX_KEPT) {
      return false;
    }
    String name = ChangeClassifier.name(r.path()).toLowerCase(Locale.ROOT);
    if (name.startsWith(".env") || name.equals(".htaccess") || name.equals(".user.ini")) {
      return true;
    }
    return KEPT_EXTENSIONS.contains(ChangeClassifier.extension(name))
        || ChangeClassifier.hasDoubleExtension(name);
  }

  /** Collects the ordinary changes of an application upgrade into one. */
  private static final class UpgradeGroup {
    final AppProfile app;
    final String from;
    final String to;
    long files;
    final List<String> sample = new ArrayList<>();

    UpgradeGroup(AppProfile app, String from, String to) {
      this.app = app;
      this.from = from;
      this.to = to;
    }

    /**
     * An upgrade absorbs ordinary changes only: nothing in an upload folder, nothing a scanner
     * found anything in, nothing above medium. (Editing the version string cannot launder a file
     * the scanners flag.)
     */
    boolean absorbs(Change c) {
      return c.severity().compareTo(UPGRADE_ABSORBS) <= 0
          && !app.inUploadDir(c.path())
          && c.findings().isEmpty();
    }

    void add(String path) {
      files++;
      if (sample.size() < 20) {
        sample.add(path);
      }
    }

    Change toChange(String root) {
      return new Change(
          root,
          ".",
          ChangeKind.UPGRADE,
          Severity.LOW,
          List.of(
              app.displayName()
                  + " "
                  + from
                  + " → "
                  + to
                  + ": "
                  + files
                  + " files changed together, as an upgrade does"),
          List.of(),
          null,
          null,
          null,
          files,
          sample);
    }
  }
}
