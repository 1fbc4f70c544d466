package dev.mimamori.scan.allow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A set of SHA-256 digests held as one sorted array of their first eight bytes plus the full
 * digests beside them: about 40 bytes a file, a binary search per lookup.
 *
 * <p>The file format is one lowercase hex digest per line ({@code sha256sum}'s first column); blank
 * lines and lines starting with '#' are skipped; {@code .gz} files are read through GZIP.
 */
public final class AllowList {
  private static final String BUILTIN = "eccube.sha256.gz";
  private static final AllowList EMPTY = new AllowList("none", new byte[0][]);

  private final String name;
  private final long[] prefixes;
  private final byte[][] digests;

  private AllowList(String name, byte[][] sorted) {
    this.name = name;
    this.digests = sorted;
    this.prefixes = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      prefixes[i] = prefix(sorted[i]);
    }
  }

  public static AllowList empty() {
    return EMPTY;
  }

  /**
   * The lists shipped with mimamori: every file of EC-CUBE 4.0.0 to 4.2.3 and 4.3 (see the
   * builder).
   */
  public static AllowList builtin() {
    try (InputStream in = AllowList.class.getResourceAsStream(BUILTIN)) {
      if (in == null) {
        return EMPTY;
      }
      return read("eccube", new GZIPInputStream(in));
    } catch (IOException e) {
      throw new IllegalStateException("built-in allow-list unreadable", e);
    }
  }

  public static AllowList load(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      return read(file.getFileName().toString(), in);
    }
  }

  static AllowList read(String name, InputStream in) throws IOException {
    java.util.ArrayList<byte[]> list = new java.util.ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    int lineNo = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int space = t.indexOf(' ');
      String hex = space > 0 ? t.substring(0, space) : t;
      if (hex.length() != 64) {
        throw new IOException(name + ":" + lineNo + ": not a SHA-256 hex digest");
      }
      try {
        list.add(HexFormat.of().parseHex(hex));
      } catch (IllegalArgumentException e) {
        throw new IOException(name + ":" + lineNo + ": not a SHA-256 hex digest", e);
      }
    }
    return of(name, list);
  }

  public static AllowList of(String name, List<byte[]> digests) {
    byte[][] sorted = digests.toArray(new byte[0][]);
    Arrays.sort(sorted, Arrays::compareUnsigned);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n == 0 || !Arrays.equals(sorted[n - 1], sorted[i])) {
        sorted[n++] = sorted[i];
      }
    }
    return new AllowList(name, Arrays.copyOf(sorted, n));
  }

  /** Both lists in one. */
  public AllowList plus(AllowList other) {
    java.util.ArrayList<byte[]> all = new java.util.ArrayList<>(Arrays.asList(digests));
    all.addAll(Arrays.asList(other.digests));
    return of(name + "+" + other.name, all);
  }

  public boolean contains(byte[] sha256) {
    if (sha256.length != 32) {
      return false;
    }
    long p = prefix(sha256);
    int lo = 0;
    int hi = prefixes.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Long.compareUnsigned(prefixes[mid], p);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        for (int i = mid; i >= 0 && prefixes[i] == p; i--) {
          if (Arrays.equals(digests[i], sha256)) {
            return true;
          }
        }
        for (int i = mid + 1; i < prefixes.length && prefixes[i] == p; i++) {
          if (Arrays.equals(digests[i], sha256)) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  public int size() {
    return digests.length;
  }

  public String name() {
    return name;
  }

  private static long prefix(byte[] d) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return v;
  }
}
