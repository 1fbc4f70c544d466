package dev.mimamori.scan.allow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Builds an allow-list from clean trees: the SHA-256 of every regular file under them (links not
 * followed), sorted and without repeats, so the same trees always give the same bytes.
 */
public final class AllowListBuilder {
  private final TreeSet<String> digests = new TreeSet<>();
  private long files;

  /** Adds every regular file under {@code root}. */
  public AllowListBuilder add(Path root) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              md.reset();
              try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  md.update(buf, 0, n);
                }
              }
              digests.add(HexFormat.of().formatHex(md.digest()));
              files++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return this;
  }

  public long files() {
    return files;
  }

  public int size() {
    return digests.size();
  }

  /** Writes one digest per line, gzipped when the name ends in {@code .gz}. */
  public void write(Path out, List<String> comments) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream raw = Files.newOutputStream(out);
        // Java's GZIP header carries no time, so a rebuild of the same trees gives the same bytes.
        OutputStream o = out.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
        Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.US_ASCII)) {
      for (String c : comments) {
        w.write("# " + c.replace('\n', ' ') + "\n");
      }
      for (String d : digests) {
        w.write(d);
        w.write('\n');
      }
    }
  }

  public AllowList toAllowList(String name) {
    List<byte[]> list = new ArrayList<>(digests.size());
    for (String d : digests) {
      list.add(HexFormat.of().parseHex(d));
    }
    return AllowList.of(name, list);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
