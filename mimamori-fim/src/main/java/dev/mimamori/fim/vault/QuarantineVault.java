package dev.mimamori.fim.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * Moves files out of a web root into an encrypted vault ({@code <data>/vault/<id>/}) and back. The
 * original is removed only after its encrypted copy and evidence are on disk and it has not changed
 * meanwhile; a restore checks the SHA-256 before anything is put back and puts back the mode, owner
 * and modification time too.
 */
public final class QuarantineVault {
  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[0-9TZ]{1,40}-[0-9a-f]{12}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path dir;
  private final SecretKey key;
  private final Clock clock;

  public QuarantineVault(Path dataDir, Clock clock) throws IOException {
    this(dataDir, clock, System.getenv(VaultKey.ENV));
  }

  QuarantineVault(Path dataDir, Clock clock, @Nullable String keyFromEnv) throws IOException {
    this.dir = dataDir.resolve("vault");
    Files.createDirectories(dir);
    this.key = VaultKey.load(dir.resolve("vault.key"), keyFromEnv);
    this.clock = clock;
  }

  /**
   * Quarantines one regular file.
   *
   * @param stub leave an inert stub in its place (so a missing file does not break a page)
   */
  public Evidence quarantine(Path file, String by, String reason, boolean stub) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null || abs.getFileName() == null) {
      throw new IOException(abs + " is not a file");
    }
    // Everything below happens relative to the open folder (a SecureDirectoryStream holds its
    // file descriptor), so swapping the folder, or a folder above it, for a link midway redirects
    // nothing. The folder opened must be the one the caller resolved.
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
      if (!(ds instanceof SecureDirectoryStream<Path> folder)) {
        throw new IOException(
            "this file system cannot quarantine safely (no secure directory stream)");
      }
      Object opened =
          folder.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
      Object resolved =
          Files.readAttributes(parent.toRealPath(), BasicFileAttributes.class).fileKey();
      if (opened == null || !opened.equals(resolved)) {
        throw new IOException(parent + " changed while it was being opened; try again");
      }
      return quarantineIn(folder, abs, by, reason, stub);
    }
  }

  private Evidence quarantineIn(
      SecureDirectoryStream<Path> folder, Path abs, String by, String reason, boolean stub)
      throws IOException {
    Path name = abs.getFileName();
    if (!folder
        .getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes()
        .isRegularFile()) {
      throw new IOException(
          abs + " is not a regular file (links, folders and devices are not quarantined)");
    }
    Instant now = clock.instant();
    String id = idFor(now, abs);
    // First out of the web server's reach under a hidden name in the same folder, so what is
    // encrypted is exactly what is removed, whatever is written to the old name meanwhile. (The
    // rename changes the ctime, so the "before" state is read after it.)
    Path hidden = Path.of("." + name + ".mimamori-quarantine-" + id);
    folder.move(name, folder, hidden);
    Map<String, Object> before;
    try {
      before = unixAttributes(folder, hidden, abs.resolveSibling(hidden));
    } catch (IOException ex) {
      folder.move(hidden, folder, name);
      throw ex;
    }
    Path temp = Files.createDirectories(dir.resolve(id + ".tmp"));
    MessageDigest md = sha256();
    try (InputStream in =
            new DigestInputStream(
                java.nio.channels.Channels.newInputStream(
                    folder.newByteChannel(
                        hidden, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))),
                md);
        OutputStream out = Files.newOutputStream(temp.resolve("content.enc"))) {
      ChunkedCipher.encrypt(key, in, out);
    } catch (IOException | RuntimeException ex) {
      folder.move(hidden, folder, name);
      deleteTree(temp);
      throw ex;
    }
    Map<String, Object> after = unixAttributes(folder, hidden, abs.resolveSibling(hidden));
    if (!same(before, after)) {
      folder.move(hidden, folder, name);
      deleteTree(temp);
      throw new IOException(abs + " changed while it was being quarantined; try again");
    }
    FileTime mtime = (FileTime) before.get("lastModifiedTime");
    Evidence e =
        new Evidence(
            id,
            abs.toString(),
            HexFormat.of().formatHex(md.digest()),
            (Long) before.get("size"),
            String.format("%04o", ((Integer) before.get("mode")) & 07777),
            (Integer) before.get("uid"),
            (Integer) before.get("gid"),
            mtime.toInstant().toString(),
            now.toString(),
            by,
            reason,
            stub,
            null);
    writeEvidence(temp.resolve("evidence.properties"), e);
    fsync(temp.resolve("content.enc"));
    Files.move(temp, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    folder.deleteFile(hidden);
    if (stub) {
      // Never group- or world-writable, whatever the shell's mode was.
      Set<PosixFilePermission> mode = permissions(e.mode());
      mode.removeAll(Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
      byte[] r = new byte[8];
      RANDOM.nextBytes(r);
      Path stubTemp = Path.of("." + name + ".mimamori-stub-" + HexFormat.of().formatHex(r));
      try (var ch =
          folder.newByteChannel(
              stubTemp,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(mode))) {
        ch.write(java.nio.ByteBuffer.wrap(stubText(abs, id).getBytes(StandardCharsets.UTF_8)));
      }
      folder
          .getFileAttributeView(stubTemp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(mode);
      folder.move(stubTemp, folder, name);
    }
    return e;
  }

  /**
   * The entry's metadata: type, size and times through the open folder, owner, mode (with set-id
   * bits) and ctime by path, checked to be the same file (device and inode) as the folder's view.
   */
  private static Map<String, Object> unixAttributes(
      SecureDirectoryStream<Path> folder, Path name, Path byPath) throws IOException {
    PosixFileAttributes a =
        folder
            .getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
    Map<String, Object> m =
        new java.util.HashMap<>(
            Files.readAttributes(
                byPath, dev.mimamori.fim.TreeWalker.UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    Object key =
        Files.readAttributes(byPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .fileKey();
    if (key == null || !key.equals(a.fileKey())) {
      throw new IOException(byPath + " changed while it was being quarantined; try again");
    }
    m.put("isRegularFile", a.isRegularFile());
    return m;
  }

  /**
   * Puts a quarantined file back byte for byte, with its mode, owner and modification time. A stub
   * of this vault in its place is replaced; any other file there is left alone unless {@code
   * force}.
   */
  public Evidence restore(String idOrPath, boolean force) throws IOException {
    Evidence e = find(idOrPath);
    if (e.restoredAt() != null) {
      throw new IOException(e.id() + " was already restored at " + e.restoredAt());
    }
    Path target = Path.of(e.path());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !force && !isOurStub(target, e.id())) {
      throw new IOException(
          target + " exists and is not mimamori's stub; use --force to replace it");
    }
    Files.createDirectories(target.getParent());
    Path temp = newPrivateFile(target, "restore");
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(dir.resolve(e.id()).resolve("content.enc"));
        OutputStream out =
            new DigestOutputStream(
                Files.newOutputStream(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                md)) {
      ChunkedCipher.decrypt(key, in, out);
    } catch (IOException ex) {
      Files.deleteIfExists(temp);
      throw ex;
    }
    String sha = HexFormat.of().formatHex(md.digest());
    if (!sha.equals(e.sha256())) {
      Files.deleteIfExists(temp);
      throw new IOException(
          "restored content of "
              + e.id()
              + " has SHA-256 "
              + sha
              + ", evidence says "
              + e.sha256());
    }
    try {
      Files.setAttribute(temp, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(temp, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | SecurityException notRoot) {
      // Only root may give a file away; the content and mode are what matter.
    }
    setPermissions(temp, permissions(e.mode()));
    Files.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(Instant.parse(e.mtime())), null, null);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Evidence restored = e.restored(clock.instant().toString());
    writeEvidence(dir.resolve(e.id()).resolve("evidence.properties"), restored);
    return restored;
  }

  /** Every entry, oldest first. */
  public List<Evidence> list() throws IOException {
    List<Evidence> all = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        Path ev = p.resolve("evidence.properties");
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && ID.matcher(p.getFileName().toString()).matches()
            && Files.exists(ev)) {
          Evidence e = readEvidence(ev);
          // The id names the folder that holds the content: it must be this folder.
          if (e.id().equals(p.getFileName().toString())) {
            all.add(e);
          }
        }
      }
    }
    all.sort(java.util.Comparator.comparing(Evidence::quarantinedAt).thenComparing(Evidence::id));
    return all;
  }

  /** The entry with this id, or the newest unrestored one of this original path. */
  public Evidence find(String idOrPath) throws IOException {
    if (ID.matcher(idOrPath).matches()) {
      Path ev = dir.resolve(idOrPath).resolve("evidence.properties");
      if (Files.exists(ev)) {
        Evidence e = readEvidence(ev);
        if (e.id().equals(idOrPath)) {
          return e;
        }
      }
    }
    String abs = Path.of(idOrPath).toAbsolutePath().normalize().toString();
    Evidence found = null;
    for (Evidence e : list()) {
      if (e.path().equals(abs) && e.restoredAt() == null) {
        found = e;
      }
    }
    if (found == null) {
      throw new NoSuchFileException(idOrPath, null, "nothing in the vault by that id or path");
    }
    return found;
  }

  private boolean isOurStub(Path target, String id) throws IOException {
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.size(target) > 4096) {
      return false;
    }
    return Files.readString(target, StandardCharsets.UTF_8)
        .contains("quarantined by mimamori: " + id);
  }

  /** A stub that does nothing but say what happened, in the file's own language. */
  static String stubText(Path file, String id) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String note = "quarantined by mimamori: " + id;
    if (name.endsWith(".php") || name.endsWith(".phtml") || name.endsWith(".inc")) {
      return "<?php\n// " + note + "\nhttp_response_code(404);\nexit;\n";
    }
    if (name.endsWith(".js") || name.endsWith(".css") || name.endsWith(".mjs")) {
      return "/* " + note + " */\n";
    }
    if (name.endsWith(".html")
        || name.endsWith(".htm")
        || name.endsWith(".twig")
        || name.endsWith(".tpl")) {
      return "<!-- " + note + " -->\n";
    }
    return "# " + note + "\n";
  }

  private static String idFor(Instant now, Path abs) {
    String stamp = now.toString().replaceAll("[^0-9TZ]", "");
    String h =
        HexFormat.of()
            .formatHex(
                sha256()
                    .digest(
                        (abs + "\n" + now.toEpochMilli() + "\n" + System.nanoTime())
                            .getBytes(StandardCharsets.UTF_8)));
    return stamp + "-" + h.substring(0, 12);
  }

  /**
   * A new, empty, owner-only file beside {@code next} with an unguessable name, created with O_EXCL
   * (so a link planted under that name is never followed).
   */
  private static Path newPrivateFile(Path next, String purpose) throws IOException {
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    Path temp =
        next.resolveSibling(
            "." + next.getFileName() + ".mimamori-" + purpose + "-" + HexFormat.of().formatHex(r));
    Files.newByteChannel(
            temp,
            Set.<java.nio.file.OpenOption>of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        .close();
    return temp;
  }

  /** chmod that does not follow a link. */
  private static void setPermissions(Path file, Set<PosixFilePermission> mode) throws IOException {
    Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(mode);
  }

  private static boolean same(Map<String, Object> a, Map<String, Object> b) {
    return a.get("size").equals(b.get("size"))
        && a.get("lastModifiedTime").equals(b.get("lastModifiedTime"))
        && a.get("ino").equals(b.get("ino"))
        && a.get("ctime").equals(b.get("ctime"));
  }

  private static Set<PosixFilePermission> permissions(String octal) {
    int mode = Integer.parseInt(octal, 8);
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  private void writeEvidence(Path file, Evidence e) throws IOException {
    Properties p = new Properties();
    p.setProperty("id", e.id());
    p.setProperty("path", e.path());
    p.setProperty("sha256", e.sha256());
    p.setProperty("size", Long.toString(e.size()));
    p.setProperty("mode", e.mode());
    p.setProperty("uid", Integer.toString(e.uid()));
    p.setProperty("gid", Integer.toString(e.gid()));
    p.setProperty("mtime", e.mtime());
    p.setProperty("quarantined_at", e.quarantinedAt());
    p.setProperty("by", e.by());
    p.setProperty("reason", e.reason());
    p.setProperty("stub", Boolean.toString(e.stub()));
    if (e.restoredAt() != null) {
      p.setProperty("restored_at", e.restoredAt());
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      p.setProperty("mac", mac(p));
      p.store(w, "mimamori quarantine evidence");
    }
    fsync(temp);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Evidence readEvidence(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String mac = p.getProperty("mac");
    p.remove("mac");
    if (mac == null
        || !java.security.MessageDigest.isEqual(
            mac.getBytes(StandardCharsets.US_ASCII), mac(p).getBytes(StandardCharsets.US_ASCII))) {
      throw new IOException(file + ": evidence fails its authentication (edited, or another key)");
    }
    try {
      return new Evidence(
          req(p, "id"),
          req(p, "path"),
          req(p, "sha256"),
          Long.parseLong(req(p, "size")),
          req(p, "mode"),
          Integer.parseInt(req(p, "uid")),
          Integer.parseInt(req(p, "gid")),
          req(p, "mtime"),
          req(p, "quarantined_at"),
          req(p, "by"),
          req(p, "reason"),
          Boolean.parseBoolean(req(p, "stub")),
          p.getProperty("restored_at"));
    } catch (NumberFormatException e) {
      throw new IOException(file + ": corrupt evidence", e);
    }
  }

  /**
   * HMAC-SHA256 of the evidence's fields (sorted, one per line) under a key derived from the vault
   * key, so the record of what was quarantined, from where, by whom cannot be edited unseen.
   */
  private String mac(Properties p) throws IOException {
    try {
      javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
      derive.init(key);
      byte[] evidenceKey =
          derive.doFinal("mimamori evidence v1".getBytes(StandardCharsets.US_ASCII));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(evidenceKey, "HmacSHA256"));
      for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
        mac.update((k + "=" + p.getProperty(k) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot authenticate evidence", e);
    }
  }

  private static String req(Properties p, String k) throws IOException {
    String v = p.getProperty(k);
    if (v == null) {
      throw new IOException("evidence lacks " + k);
    }
    return v;
  }

  private static void fsync(Path file) throws IOException {
    try (var ch =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
