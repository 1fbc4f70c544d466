package dev.mimamori.incidents.respond;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Puts an EC-CUBE 4.1+ shop into maintenance mode the way EC-CUBE does: a {@code .maintenance} file
 * in the project root ({@code ECCUBE_MAINTENANCE_FILE_PATH} if the shop sets it) holding {@code
 * MODE:TOKEN}, a 32-character random token (EC-CUBE's {@code SystemService:: enableMaintenance}).
 * While it exists, {@code index.php} answers 503 to everything outside the admin area; an admin who
 * logs in gets the token as the {@code maintenance_token} cookie and sees the shop as usual
 * (EC-CUBE 4.1.2+; 4.1.0-4.1.1 ignore the content). The mode is {@value #MODE}, so EC-CUBE's own
 * automatic maintenance (plugin installs, updates) never lifts mimamori's, while the admin screen's
 * switch still can. Undo removes the file only if mimamori wrote it.
 */
public final class EccubeMaintenanceAction implements ResponseAction {
  /** The mode written before the token; EC-CUBE's own are {@code auto_maintenance} and empty. */
  public static final String MODE = "mimamori";

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Settings.
   *
   * @param projectDir the EC-CUBE project root (where {@code index.php} is)
   * @param maintenanceFile the shop's {@code ECCUBE_MAINTENANCE_FILE_PATH}; null: {@code
   *     projectDir/.maintenance}
   */
  public record Config(Path projectDir, @Nullable Path maintenanceFile) {
    public Config {
      Objects.requireNonNull(projectDir, "projectDir");
    }

    public Config(Path projectDir) {
      this(projectDir, null);
    }

    public Path file() {
      return maintenanceFile != null ? maintenanceFile : projectDir.resolve(".maintenance");
    }
  }

  private final Config config;

  public EccubeMaintenanceAction(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return "eccube-maintenance";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    Path file = config.file();
    checkProject();
    String existing = read(file);
    if (existing != null) {
      return new ActionResult(
          false,
          "the shop was already in maintenance mode ("
              + (ours(existing) ? "by mimamori" : "not by mimamori; left alone on undo")
              + ")");
    }
    if (request.dryRun()) {
      return ActionResult.dryRun(
          "would write " + file + " (" + MODE + ":TOKEN), putting the shop into maintenance mode");
    }
    try {
      Files.writeString(
          file, MODE + ":" + token(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException raced) {
      return new ActionResult(false, "the shop was already in maintenance mode");
    } catch (IOException e) {
      throw new ActionException("cannot write " + file + ": " + e.getMessage(), true, e);
    }
    return new ActionResult(
        true,
        "put the shop into maintenance mode ("
            + file
            + "); the front answers 503, admins can still log in");
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    Path file = config.file();
    String existing = read(file);
    if (existing == null) {
      return new ActionResult(false, "the shop was not in maintenance mode");
    }
    if (!ours(existing)) {
      return new ActionResult(
          false, "maintenance mode was not set by mimamori (" + file + "); left as it is");
    }
    if (request.dryRun()) {
      return ActionResult.dryRun("would remove " + file + ", ending maintenance mode");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ActionException("cannot remove " + file + ": " + e.getMessage(), true, e);
    }
    return new ActionResult(true, "ended maintenance mode (removed " + file + ")");
  }

  private void checkProject() throws ActionException {
    if (!Files.isDirectory(config.projectDir())) {
      throw new ActionException(
          config.projectDir() + " is not a directory (the EC-CUBE project root)", false);
    }
  }

  /** The file's content, or null when there is none. A link is refused, never followed. */
  private static @Nullable String read(Path file) throws ActionException {
    if (Files.isSymbolicLink(file)) {
      throw new ActionException(file + " is a symbolic link; not touching it", false);
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      byte[] b = Files.readAllBytes(file);
      return new String(b, 0, Math.min(b.length, 256), StandardCharsets.UTF_8);
    } catch (NoSuchFileException gone) {
      return null;
    } catch (IOException e) {
      throw new ActionException("cannot read " + file + ": " + e.getMessage(), true, e);
    }
  }

  private static boolean ours(String content) {
    return content.startsWith(MODE + ":");
  }

  /** 32 characters from EC-CUBE's alphabet ({@code StringUtil::random}: base64 less + / =). */
  static String token() {
    StringBuilder s = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
