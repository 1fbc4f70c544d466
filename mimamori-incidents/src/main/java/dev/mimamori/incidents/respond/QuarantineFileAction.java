package dev.mimamori.incidents.respond;

import dev.mimamori.fim.vault.Evidence;
import dev.mimamori.fim.vault.QuarantineVault;
import dev.mimamori.model.Observable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Moves a file named by an incident into the encrypted quarantine vault (docs/FILES.md), leaving an
 * inert stub when configured. Least privilege: only files under the configured web roots are
 * touched, judged on the real path, so neither {@code ..} nor a symbolic link in the path reaches
 * anything else. A quarantine does not expire, and is not undone automatically: putting a file back
 * on a live shop is a person's decision ({@code mimamori restore}).
 */
public final class QuarantineFileAction implements ResponseAction {

  /**
   * Settings.
   *
   * @param dataDir the data directory whose vault receives the files
   * @param roots the web roots this action may take files from
   * @param stub whether to leave an inert stub in the file's place
   */
  public record Config(Path dataDir, List<Path> roots, boolean stub) {
    public Config {
      Objects.requireNonNull(dataDir, "dataDir");
      roots = List.copyOf(roots);
      if (roots.isEmpty()) {
        throw new IllegalArgumentException("quarantine-file needs at least one web root");
      }
    }
  }

  private final Config config;
  private final Clock clock;

  public QuarantineFileAction(Config config) {
    this(config, Clock.systemUTC());
  }

  public QuarantineFileAction(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "quarantine-file";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    Path file = file(request);
    if (request.ttl() != null) {
      throw new ActionException(
          "quarantine-file does not expire; ask for it without a ttl (a file is put back only by"
              + " 'mimamori restore')",
          false);
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return new ActionResult(false, file + " is not there (already removed or quarantined)");
    }
    Path real;
    try {
      real = file.getParent().toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      throw new ActionException("cannot resolve " + file + ": " + e.getMessage(), false);
    }
    if (!underARoot(real)) {
      throw new ActionException(real + " is outside the web roots this action may touch", false);
    }
    if (request.dryRun()) {
      return ActionResult.dryRun(
          "would quarantine "
              + real
              + " into the vault in "
              + config.dataDir()
              + (config.stub() ? ", leaving an inert stub" : ""));
    }
    try {
      Evidence e =
          new QuarantineVault(config.dataDir(), clock)
              .quarantine(
                  real,
                  "mimamori (incident " + request.incidentId() + ")",
                  "incident " + request.incidentId(),
                  config.stub());
      return new ActionResult(
          true,
          "quarantined "
              + real
              + " (SHA-256 "
              + e.sha256()
              + ") into the vault as "
              + e.id()
              + (config.stub() ? ", inert stub left in place" : ""));
    } catch (NoSuchFileException gone) {
      return new ActionResult(false, real + " was gone before it could be quarantined");
    } catch (IOException e) {
      // A file that changed mid-way, a full disk: worth another try.
      throw new ActionException("quarantine of " + real + " failed: " + e.getMessage(), true);
    }
  }

  /**
   * Refuses: putting a file that an incident named back on a live shop must be a person's decision,
   * made after looking at it. The error names the command that does it.
   */
  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    Path file = file(request);
    String id = file.toString();
    if (Files.isDirectory(config.dataDir().resolve("vault"))) {
      try {
        id = new QuarantineVault(config.dataDir(), clock).find(file.toString()).id();
      } catch (IOException | RuntimeException e) {
        // No entry found: name the path instead.
      }
    }
    throw new ActionException(
        "quarantine-file is not undone automatically: check the file, then run 'mimamori restore "
            + id
            + " --data-dir "
            + config.dataDir()
            + "'",
        false);
  }

  private static Path file(ActionRequest request) throws ActionException {
    if (request.target().type() != Observable.Type.FILE_PATH) {
      throw new ActionException(
          "quarantine-file acts on file paths, not " + request.target().type().label(), false);
    }
    Path file = Path.of(request.target().value());
    if (!file.isAbsolute()) {
      throw new ActionException("not an absolute path: " + request.target().value(), false);
    }
    return file;
  }

  private boolean underARoot(Path real) {
    for (Path root : config.roots()) {
      try {
        if (real.startsWith(root.toRealPath())) {
          return true;
        }
      } catch (IOException e) {
        // A root that does not exist holds nothing.
      }
    }
    return false;
  }
}
