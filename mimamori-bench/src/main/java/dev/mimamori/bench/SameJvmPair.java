package dev.mimamori.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of this module in one JVM, one thread, taking turns in slices of 200 ms: a {@link
 * DetectBench} method of build A, then of build B, then B, then A, and so on. On a shared machine
 * whose speed drifts from minute to minute (docs/BENCHMARKS.md: the same build's score moved by a
 * tenth within the hour, and two JMH runs at once on the two cores disagreed by as much), both
 * builds then meet the same drift on the same core within a fraction of a second of each other.
 * Each build is loaded by a class loader of its own, so each has its own classes, statics and
 * compiled code.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.mimamori.bench.SameJvmPair A.jar B.jar METHOD SECONDS [LOG [RULES]]
 * }</pre>
 *
 * Prints the geometric mean, median and quartiles of B's rate over A's, slice pair by slice pair,
 * after ten seconds of warm-up each. The compiler's choices still differ from one JVM to the next
 * (a build against itself gave 0.94 to 1.07 in single runs): {@code scripts/jvm-pair.sh} runs
 * several JVMs and takes the mean of their means.
 */
public final class SameJvmPair {
  private static final long SLICE_NANOS = 200_000_000L;
  private static final int WARM_UP_SLICES = 50;

  private SameJvmPair() {}

  /** One build's benchmark state and the method to run on it. */
  private record Build(Object bench, Object blackhole, Method method) {
    /** Lines per second over one slice. */
    double slice() throws ReflectiveOperationException {
      long start = System.nanoTime();
      long lines = 0;
      long now;
      do {
        method.invoke(bench, blackhole);
        lines += DetectBench.LINES;
        now = System.nanoTime();
      } while (now - start < SLICE_NANOS);
      return lines * 1e9 / (now - start);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: SameJvmPair A.jar B.jar METHOD SECONDS [LOG [RULES]] (METHOD of DetectBench)");
      System.exit(2);
    }
    String method = args[2];
    int seconds = seconds(args[3]);
    for (int i = 0; i < 2; i++) {
      if (!java.nio.file.Files.isRegularFile(Path.of(args[i]))) {
        fail("no such jar: " + args[i]);
      }
    }
    String log = args.length > 4 ? args[4] : "";
    String rules = args.length > 5 ? args[5] : "all";
    Build a;
    Build b;
    try {
      a = load(Path.of(args[0]), method, log, rules);
      b = load(Path.of(args[1]), method, log, rules);
    } catch (java.lang.reflect.InvocationTargetException e) {
      // DetectBench's own setup refused (a log that cannot be read, a rule set not known).
      fail("setting up DetectBench: " + e.getCause());
      return;
    }
    List<Double> ratios = new ArrayList<>();
    double rateA = 0;
    double rateB = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    for (int round = 0; System.nanoTime() < end; round++) {
      // A then B, then B then A: neither always runs right after the other's garbage.
      if ((round & 1) == 0) {
        rateA = a.slice();
        rateB = b.slice();
      } else {
        rateB = b.slice();
        rateA = a.slice();
      }
      if (round >= WARM_UP_SLICES) {
        ratios.add(rateB / rateA);
      }
    }
    if (ratios.isEmpty()) {
      fail("no slices after the warm-up: give more seconds");
    }
    Collections.sort(ratios);
    double logSum = 0;
    for (double r : ratios) {
      logSum += Math.log(r);
    }
    int n = ratios.size();
    System.out.printf(
        Locale.ROOT,
        "%s: %d slice pairs, B/A geometric mean %.3f, median %.3f, quartiles %.3f %.3f;"
            + " last slices A %.0f B %.0f lines/s%n",
        method,
        n,
        Math.exp(logSum / n),
        ratios.get(n / 2),
        ratios.get(n / 4),
        ratios.get(3 * n / 4),
        rateA,
        rateB);
  }

  private static int seconds(String text) {
    try {
      int s = Integer.parseInt(text);
      if (s > 20) {
        return s;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    return fail("SECONDS must be a whole number over 20 (each build warms up for 10): " + text);
  }

  private static int fail(String message) {
    System.err.println("SameJvmPair: " + message);
    System.exit(2);
    return 0; // not reached
  }

  private static Build load(Path jar, String method, String log, String rules)
      throws ReflectiveOperationException, java.net.MalformedURLException {
    // The platform loader as parent, not this class's: each build's classes come from its jar.
    URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> bench = loader.loadClass(DetectBench.class.getName());
    Class<?> blackholeClass = loader.loadClass("org.openjdk.jmh.infra.Blackhole");
    // JMH's own guard against creating a Blackhole by accident; outside a JMH run there is no
    // other way to have one.
    Object blackhole =
        blackholeClass
            .getConstructor(String.class)
            .newInstance(
                "Today's password is swordfish. I understand instantiating Blackholes directly is"
                    + " dangerous.");
    Object state = bench.getConstructor().newInstance();
    bench.getField("log").set(state, log);
    bench.getField("rules").set(state, rules);
    bench.getMethod("load").invoke(state);
    bench.getMethod("freshDetector").invoke(state);
    try {
      return new Build(state, blackhole, bench.getMethod(method, blackholeClass));
    } catch (NoSuchMethodException e) {
      fail("DetectBench has no benchmark " + method + " in " + jar);
      throw e; // not reached
    }
  }
}
