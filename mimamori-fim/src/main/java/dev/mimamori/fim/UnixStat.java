package dev.mimamori.fim;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * lstat(2) read straight from the JDK's own result object ({@code sun.nio.fs.UnixFileAttributes})
 * when java.base opens that package to mimamori (the launched jar's manifest says {@code
 * Add-Opens}; the fim tests pass the same option): one call and a few field reads per entry. The
 * {@code unix:} attribute view, used otherwise, parses the attribute names and fills a map of boxed
 * values for every entry, which cost about half of a baseline's walk in C1-compiled code. Where the
 * package is not open or the fields differ (another JDK), {@link #AVAILABLE} is false.
 */
final class UnixStat {
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private static final MethodHandle[] FIELDS = fields();
  static final boolean AVAILABLE = FIELDS.length > 0 && works();

  private static final MethodHandle MODE = field(0);
  private static final MethodHandle UID = field(1);
  private static final MethodHandle GID = field(2);
  private static final MethodHandle INO = field(3);
  private static final MethodHandle SIZE = field(4);
  private static final MethodHandle MTIME_SEC = field(5);
  private static final MethodHandle MTIME_NSEC = field(6);
  private static final MethodHandle CTIME_SEC = field(7);
  private static final MethodHandle CTIME_NSEC = field(8);

  private UnixStat() {}

  private static MethodHandle[] fields() {
    if (Boolean.getBoolean("mimamori.fim.attributeView")) {
      return new MethodHandle[0];
    }
    try {
      Class<?> c = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
      String[] names = {
        "st_mode",
        "st_uid",
        "st_gid",
        "st_ino",
        "st_size",
        "st_mtime_sec",
        "st_mtime_nsec",
        "st_ctime_sec",
        "st_ctime_nsec"
      };
      Class<?>[] types = {
        int.class,
        int.class,
        int.class,
        long.class,
        long.class,
        long.class,
        long.class,
        long.class,
        long.class
      };
      MethodHandle[] handles = new MethodHandle[names.length];
      for (int i = 0; i < names.length; i++) {
        handles[i] =
            l.findGetter(c, names[i], types[i])
                .asType(MethodType.methodType(types[i], Object.class));
      }
      return handles;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new MethodHandle[0]; // not opened to us (IllegalAccessException), or another JDK
    }
  }

  private static MethodHandle field(int i) {
    return AVAILABLE ? FIELDS[i] : MethodHandles.constant(Object.class, null);
  }

  /** The attributes object is the one the fields belong to. */
  private static boolean works() {
    try {
      Object a =
          Files.readAttributes(Path.of("/"), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.getClass().getName().equals("sun.nio.fs.UnixFileAttributes");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The entry's record, as {@link TreeWalker#toRecord} builds it from the attribute view.
   *
   * @throws IOException as lstat(2) fails
   */
  static FileRecord record(Path abs, String rel, java.util.function.Consumer<WalkProblem> problems)
      throws IOException {
    Object a = Files.readAttributes(abs, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    try {
      int mode = (int) MODE.invokeExact(a);
      FileKind kind =
          switch (mode & S_IFMT) {
            case S_IFREG -> FileKind.FILE;
            case S_IFDIR -> FileKind.DIRECTORY;
            case S_IFLNK -> FileKind.SYMLINK;
            default -> FileKind.OTHER;
          };
      String target = kind == FileKind.SYMLINK ? TreeWalker.linkTarget(abs, rel, problems) : null;
      return new FileRecord(
          rel,
          kind,
          kind == FileKind.DIRECTORY ? 0 : (long) SIZE.invokeExact(a),
          mode & 07777,
          (int) UID.invokeExact(a),
          (int) GID.invokeExact(a),
          nanos((long) MTIME_SEC.invokeExact(a), (long) MTIME_NSEC.invokeExact(a)),
          nanos((long) CTIME_SEC.invokeExact(a), (long) CTIME_NSEC.invokeExact(a)),
          (long) INO.invokeExact(a),
          null,
          target,
          -1);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Nanoseconds since the epoch exactly as {@code FileTime.to(NANOSECONDS)} gives them. */
  static long nanos(long sec, long nsec) {
    if (sec > -9_000_000_000L && sec < 9_000_000_000L) {
      return sec * 1_000_000_000L + nsec; // cannot overflow
    }
    FileTime t;
    if (nsec == 0) {
      t = FileTime.from(sec, TimeUnit.SECONDS);
    } else {
      try {
        t =
            FileTime.from(
                Math.addExact(nsec, Math.multiplyExact(sec, 1_000_000_000L)), TimeUnit.NANOSECONDS);
      } catch (ArithmeticException overflow) {
        t = FileTime.from(sec * 1_000_000L + nsec / 1_000L, TimeUnit.MICROSECONDS);
      }
    }
    return t.to(TimeUnit.NANOSECONDS);
  }
}
