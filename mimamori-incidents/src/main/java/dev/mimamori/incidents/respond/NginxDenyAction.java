package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Blocks an address or network by adding {@code deny ADDRESS;} to an nginx include file (included
 * in the shop's {@code server} block). Only IP and CIDR literals are accepted, so nothing an
 * attacker controls can become nginx configuration. The file is replaced atomically; with a reload
 * command configured nginx is reloaded (no shell: the command is an argument list), otherwise the
 * operator's reload picks the change up. Undo removes the line and its comment.
 */
public final class NginxDenyAction implements ResponseAction {

  /**
   * Settings.
   *
   * @param denyFile the include file to maintain
   * @param reloadCommand run after each change, e.g. {@code ["nginx","-s","reload"]}; null: none
   */
  public record Config(Path denyFile, @Nullable List<String> reloadCommand) {
    public Config {
      Objects.requireNonNull(denyFile, "denyFile");
      if (reloadCommand != null) {
        reloadCommand = Commands.checked(reloadCommand, "reloadCommand");
      }
    }

    public Config(Path denyFile) {
      this(denyFile, null);
    }
  }

  private final NginxInclude include;

  public NginxDenyAction(Config config) {
    this.include = new NginxInclude(config.denyFile(), config.reloadCommand());
  }

  @Override
  public String type() {
    return "nginx-deny";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    String line = line(net);
    if (request.dryRun()) {
      return ActionResult.dryRun(
          include.contains(line)
              ? net + " is already denied in " + include.file()
              : "would add '" + line + "' to " + include.file() + reloadNote());
    }
    if (!include.add(line, request.incidentId())) {
      return new ActionResult(false, net + " was already denied in " + include.file());
    }
    return new ActionResult(
        true,
        "denied "
            + net
            + " in "
            + include.file()
            + (include.reloads() ? "; nginx reloaded" : "; reload nginx to apply"));
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    String line = line(net);
    if (request.dryRun()) {
      return ActionResult.dryRun(
          include.contains(line)
              ? "would remove '" + line + "' from " + include.file() + reloadNote()
              : net + " is not denied in " + include.file());
    }
    if (!include.remove(line)) {
      return new ActionResult(false, net + " was not denied in " + include.file());
    }
    return new ActionResult(
        true,
        "allowed "
            + net
            + " again in "
            + include.file()
            + (include.reloads() ? "; nginx reloaded" : "; reload nginx to apply"));
  }

  private String reloadNote() {
    return include.reloads() ? " and reload nginx" : "";
  }

  private static String line(IpNet net) {
    return "deny " + net + ";";
  }

  private static IpNet target(ActionRequest request) throws ActionException {
    if (request.target().type() != Observable.Type.IP) {
      throw new ActionException(
          "nginx-deny acts on IP addresses, not " + request.target().type().label(), false);
    }
    return IpNet.parse(request.target().value());
  }
}
