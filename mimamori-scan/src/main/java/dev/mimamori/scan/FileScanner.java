package dev.mimamori.scan;

import dev.mimamori.scan.allow.AllowList;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Scans files and directory trees with {@link ContentScanner}s, in parallel. One thread walks the
 * trees and hands each regular file to a pool; at most a few files per thread wait at a time, so a
 * tree of millions of files needs no list of them. Per file: its size, SHA-256 and every scanner's
 * findings, read once ({@link ScanInput#content()} is shared).
 *
 * <p>Nothing on the way is fatal and nothing is executed: unreadable, vanished and special files
 * (FIFOs, sockets, devices: never opened, reading one could block forever), symbolic links (never
 * followed; loops and links out of the tree are reported), names that are not valid UTF-8, and a
 * scanner failing on one file all become {@link ScanReport}s.
 */
public final class FileScanner {
  private static final int QUEUED_PER_THREAD = 4;

  private final List<ContentScanner> scanners;
  private final int threads;
  private final int maxContentBytes;
  private final AllowList allowList;

  public FileScanner(List<ContentScanner> scanners, int threads) {
    this(scanners, threads, ScanInput.DEFAULT_MAX_BYTES);
  }

  public FileScanner(List<ContentScanner> scanners, int threads, int maxContentBytes) {
    this(scanners, threads, maxContentBytes, AllowList.empty());
  }

  /**
   * @param maxContentBytes how much of a file is read into the heap for the scanners (beyond it,
   *     the hash is computed streaming and scanners that can read more do so themselves)
   * @param allowList content known clean (files of public releases): hashed, not scanned
   */
  public FileScanner(
      List<ContentScanner> scanners, int threads, int maxContentBytes, AllowList allowList) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.scanners = List.copyOf(scanners);
    this.threads = threads;
    this.maxContentBytes = maxContentBytes;
    this.allowList = allowList;
  }

  /**
   * Scans each root (a file, or a directory walked recursively; a root that is itself a symbolic
   * link is followed, as {@code find -H} does) and hands every report to {@code sink}, one call at
   * a time from the scanning threads, in no particular order.
   *
   * @throws RuntimeException what {@code sink} threw (the scan stops)
   */
  public ScanSummary scan(List<Path> roots, Consumer<ScanReport> sink) throws InterruptedException {
    long start = System.nanoTime();
    Run run = new Run(sink);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "mimamori-scan-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Semaphore queued = new Semaphore(threads * QUEUED_PER_THREAD);
    try {
      for (Path root : roots) {
        if (run.failure() != null) {
          break;
        }
        walk(root, run, pool, queued);
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // files still being scanned
      }
    } finally {
      pool.shutdownNow();
    }
    Throwable failure = run.failure();
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return run.summary(Duration.ofNanos(System.nanoTime() - start));
  }

  private void walk(Path root, Run run, ExecutorService pool, Semaphore queued)
      throws InterruptedException {
    String shown = root.toString();
    String rootName = root.getFileName() == null ? shown : root.getFileName().toString();
    BasicFileAttributes attrs;
    Path real;
    try {
      attrs = Files.readAttributes(root, BasicFileAttributes.class);
      real = root.toRealPath();
    } catch (IOException e) {
      run.emit(notRead(shown, rootName, e));
      return;
    }
    if (attrs.isRegularFile()) {
      submit(real, shown, rootName, attrs.size(), run, pool, queued);
      return;
    }
    if (!attrs.isDirectory()) {
      run.emit(special(real, shown, rootName));
      return;
    }
    try {
      Files.walkFileTree(
          real,
          EnumSet.noneOf(FileVisitOption.class),
          Integer.MAX_VALUE,
          new Visitor(real, root, run, pool, queued));
    } catch (IOException e) {
      run.emit(notRead(shown, rootName, e));
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private final class Visitor extends SimpleFileVisitor<Path> {
    private final Path real;
    private final Path shownRoot;
    private final Run run;
    private final ExecutorService pool;
    private final Semaphore queued;

    Visitor(Path real, Path shownRoot, Run run, ExecutorService pool, Semaphore queued) {
      this.real = real;
      this.shownRoot = shownRoot;
      this.run = run;
      this.pool = pool;
      this.queued = queued;
    }

    private String name(Path p) {
      String rel = real.relativize(p).toString();
      return File.separatorChar == '/' ? rel : rel.replace(File.separatorChar, '/');
    }

    private String shown(Path p) {
      return shownRoot.resolve(real.relativize(p)).toString();
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (run.failure() != null) {
        return FileVisitResult.TERMINATE;
      }
      if (attrs.isRegularFile()) {
        try {
          submit(file, shown(file), name(file), attrs.size(), run, pool, queued);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return FileVisitResult.TERMINATE;
        }
      } else if (attrs.isSymbolicLink()) {
        SymbolicLinks.Resolution r = SymbolicLinks.resolve(file, real);
        if (r.skip() == null) {
          run.linkInside();
        } else {
          run.emit(ScanReport.skipped(shown(file), name(file), r.skip(), r.detail()));
        }
      } else if (attrs.isOther()) {
        run.emit(special(file, shown(file), name(file)));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      run.emit(notRead(shown(file), name(file), e));
      return run.failure() == null ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) {
      if (e != null) {
        run.emit(notRead(shown(dir), name(dir), e));
      }
      return run.failure() == null ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
    }
  }

  private void submit(
      Path file,
      String shown,
      String name,
      long size,
      Run run,
      ExecutorService pool,
      Semaphore queued)
      throws InterruptedException {
    queued.acquire(); // keeps the walk at most a few files ahead of the scanning threads
    pool.execute(
        () -> {
          try {
            run.emit(scanFile(file, shown, name, size));
          } catch (RuntimeException e) {
            run.emit(ScanReport.skipped(shown, name, ScanReport.Skip.ERROR, describe(e)));
          } catch (Error e) {
            run.fail(e);
          } finally {
            queued.release();
          }
        });
  }

  /** Reads and scans one regular file found at {@code size} bytes. */
  ScanReport scanFile(Path file, String shown, String name, long size) {
    ScanInput input = new ScanInput(file, name, size, maxContentBytes);
    String sha256;
    long bytes;
    try {
      if (input.truncated()) {
        Hashed h = sha256(file);
        sha256 = h.hex();
        bytes = h.bytes();
      } else {
        byte[] content = input.content();
        sha256 = HexFormat.of().formatHex(digest().digest(content));
        bytes = content.length;
      }
    } catch (IOException e) {
      return notRead(shown, name, e, file);
    }
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (allowList.size() > 0 && allowList.contains(HexFormat.of().parseHex(sha256))) {
      notes.add(
          "allow-listed: the same bytes as a file of a clean release (" + allowList.name() + ")");
      return ScanReport.scanned(shown, name, bytes, sha256, findings, notes);
    }
    for (ContentScanner s : scanners) {
      try {
        findings.addAll(s.scan(input));
      } catch (IOException | RuntimeException e) {
        notes.add(s.engine() + ": " + describe(e));
      }
    }
    if (oddName(name)) {
      notes.add("the name has bytes that are not UTF-8 or control characters (shown escaped)");
    }
    return ScanReport.scanned(shown, name, bytes, sha256, findings, notes);
  }

  private record Hashed(String hex, long bytes) {}

  /** A file larger than the content limit: hashed as a stream, never whole in the heap. */
  private static Hashed sha256(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
        total += n;
      }
    }
    return new Hashed(HexFormat.of().formatHex(md.digest()), total);
  }

  /** The JDK's SHA-256 (the SHA extensions of the CPU through its intrinsics where present). */
  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static ScanReport notRead(String shown, String name, IOException e) {
    return notRead(shown, name, e, null);
  }

  private static ScanReport notRead(String shown, String name, IOException e, @Nullable Path file) {
    if (e instanceof AccessDeniedException) {
      return ScanReport.skipped(shown, name, ScanReport.Skip.UNREADABLE, "permission denied");
    }
    if (e instanceof NoSuchFileException) {
      return ScanReport.skipped(shown, name, ScanReport.Skip.VANISHED, "gone before it was read");
    }
    if (file != null && e instanceof FileSystemException && Files.isSymbolicLink(file)) {
      // opened with NOFOLLOW_LINKS: the file was replaced by a link after it was listed
      return ScanReport.skipped(
          shown, name, ScanReport.Skip.VANISHED, "replaced by a symbolic link before it was read");
    }
    return ScanReport.skipped(shown, name, ScanReport.Skip.ERROR, describe(e));
  }

  private static ScanReport special(Path file, String shown, String name) {
    return ScanReport.skipped(shown, name, ScanReport.Skip.SPECIAL_FILE, specialKind(file));
  }

  private static String specialKind(Path file) {
    try {
      Object mode = Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if (mode instanceof Integer m) {
        switch (m & 0170000) {
          case 0010000:
            return "a FIFO, not opened";
          case 0020000:
            return "a character device, not opened";
          case 0060000:
            return "a block device, not opened";
          case 0140000:
            return "a socket, not opened";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // fall through: no unix view, or gone meanwhile
    }
    return "not a regular file, not opened";
  }

  /** Undecodable bytes (shown as U+FFFD) or control characters such as a line break. */
  static boolean oddName(String name) {
    return name.chars().anyMatch(c -> c == 0xFFFD || Character.isISOControl(c));
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      m = fse.getReason();
    }
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The counters and the sink of one run; the sink is called under this object's lock. */
  private static final class Run {
    private final Consumer<ScanReport> sink;
    private long files;
    private long bytes;
    private long filesWithFindings;
    private long findings;
    private long skipped;
    private long linksInside;
    private volatile @Nullable Throwable failure;

    Run(Consumer<ScanReport> sink) {
      this.sink = Objects.requireNonNull(sink);
    }

    synchronized void emit(ScanReport r) {
      if (failure != null) {
        return;
      }
      if (r.skipped() != null) {
        skipped++;
      } else {
        files++;
        bytes += r.size();
        if (r.hasFindings()) {
          filesWithFindings++;
          findings += r.findings().size();
        }
      }
      try {
        sink.accept(r);
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    synchronized void linkInside() {
      linksInside++;
    }

    void fail(Throwable t) {
      synchronized (this) {
        if (failure == null) {
          failure = t;
        }
      }
    }

    @Nullable Throwable failure() {
      return failure;
    }

    synchronized ScanSummary summary(Duration elapsed) {
      return new ScanSummary(
          files, bytes, filesWithFindings, findings, skipped, linksInside, elapsed);
    }
  }
}
